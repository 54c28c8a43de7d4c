import ExcelJS from 'exceljs';
import { getCatalog } from '../../src/domain/catalog';
import { nameForDetail, nameForKey } from '../../src/domain/layout';
import { definedCells } from '../../src/io/readWorkbook';
import { buildTemplateWorkbook } from '../../src/io/xlsxTemplate';
import type { ImportFile } from '../../src/taskpane/importFlow';
import { buildRealSoWorkbook } from '../fixtures/legacyForms';

export const catalog = getCatalog('2024');

export interface UnitFileOptions {
  /** As typed on the details sheet ("6 tháng đầu năm", "Năm"). */
  periodKind?: string;
  year?: string;
  /** Defined names removed (template drift: a row deleted by hand). */
  dropNames?: string[];
}

/** A colleague's file in the add-in's layout, filled by key. */
export async function unitFile(name: string, unit: string, values: Record<string, ExcelJS.CellValue>, options: UnitFileOptions = {}): Promise<ImportFile> {
  const { workbook } = buildTemplateWorkbook(catalog);
  const names = definedCells(workbook);
  const put = (n: string, v: ExcelJS.CellValue) => {
    const at = names.get(n)!;
    workbook.getWorksheet(at.sheet)!.getCell(at.address).value = v;
  };
  put(nameForDetail('unit'), unit);
  put(nameForDetail('periodKind'), options.periodKind ?? '6 tháng đầu năm');
  put(nameForDetail('year'), options.year ?? '2024');
  for (const [k, v] of Object.entries(values)) put(nameForKey(k), v);
  if (options.dropNames) {
    const drop = new Set(options.dropNames.map(nameForKey));
    workbook.definedNames.model = workbook.definedNames.model.filter((dn) => !drop.has(dn.name));
  }
  return { name, bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) };
}

/** The real sở form of test/fixtures, laid out by hand (no defined names). */
export async function legacyFile(name = 'so-cong-thuong-cu.xlsx'): Promise<ImportFile> {
  return { name, bytes: new Uint8Array(await buildRealSoWorkbook()) };
}

function utf16(text: string): number[] {
  return [...text].flatMap((ch) => [ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8]);
}

/** An OLE2 compound file holding the given stream names (what Excel 97–2003 and encrypted files are). */
function ole2(...streams: string[]): Uint8Array {
  const head = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  const body = streams.flatMap(utf16);
  const out = new Uint8Array(4096);
  out.set(head, 0);
  out.set(body, 512);
  return out;
}

export const brokenFiles = {
  text: (): ImportFile => ({ name: 'ghi-chu.xlsx', bytes: new TextEncoder().encode('Sở Nội vụ;12;15\nday khong phai tep excel') }),
  oldXls: (): ImportFile => ({ name: 'bao-cao-cu.xls', bytes: ole2('Workbook', 'SummaryInformation') }),
  password: (): ImportFile => ({ name: 'co-mat-khau.xlsx', bytes: ole2('EncryptionInfo', 'EncryptedPackage') }),
  /** The first half of a real file: a download cut short. */
  truncated: (whole: ImportFile): ImportFile => ({ name: 'tai-ve-do-dang.xlsx', bytes: whole.bytes.slice(0, Math.floor(whole.bytes.length / 2)) }),
};
