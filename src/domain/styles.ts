import type { CellStyle } from './layout';

/** How each cell style looks, as plain data both writers (exceljs and the add-in) apply. */
export interface StyleSpec {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  color?: string;
  fill?: string;
  wrap?: boolean;
  align?: 'left' | 'center' | 'right';
  border?: boolean;
}

export const FONT_NAME = 'Times New Roman';

export const STYLE_SPECS: Record<CellStyle, StyleSpec> = {
  title: { bold: true, size: 13, align: 'center', wrap: true },
  subtitle: { bold: true, size: 12, align: 'center' },
  header: { bold: true, size: 11, align: 'center', fill: 'D9E1F2', wrap: true, border: true },
  group: { bold: true, size: 11, fill: 'F2F2F2', wrap: true, border: true },
  code: { size: 11, align: 'center', border: true },
  label: { size: 11, wrap: true, border: true },
  input: { size: 11, fill: 'FFF2CC', border: true, align: 'right' },
  inputNA: { size: 11, fill: 'D9D9D9', color: '7F7F7F', border: true },
  computed: { size: 11, italic: true, fill: 'E2EFDA', border: true, align: 'right' },
  check: { size: 11, align: 'center', border: true },
  status: { size: 11, align: 'center', border: true },
  hint: { size: 10, italic: true, color: '595959', wrap: true },
  textInput: { size: 11, fill: 'FFF2CC', wrap: true, border: true, align: 'left' },
  meta: { size: 9 },
};
