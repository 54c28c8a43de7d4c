import type ExcelJS from 'exceljs';
import { getCatalog } from '../../src/domain/catalog';
import { buildRealSoWorkbook } from '../fixtures/legacyForms';
import { unitWorkbookBytes, type UnitWorkbookOptions } from '../fixtures/unitWorkbook';

/** A file as the tests give it to the import (an ImportFile holding its bytes). */
export interface TestFile {
  name: string;
  bytes: Uint8Array;
}

export const catalog = getCatalog('2024');

export type UnitFileOptions = UnitWorkbookOptions;

/** A colleague's file in the add-in's layout, filled by key. */
export async function unitFile(
  name: string,
  unit: string,
  values: Record<string, ExcelJS.CellValue>,
  options: UnitFileOptions = {},
): Promise<TestFile> {
  return { name, bytes: await unitWorkbookBytes(unit, values, { catalog, ...options }) };
}

/** The real sở form of test/fixtures, laid out by hand (no defined names). */
export async function legacyFile(name = 'so-cong-thuong-cu.xlsx'): Promise<TestFile> {
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
  text: (): TestFile => ({
    name: 'ghi-chu.xlsx',
    bytes: new TextEncoder().encode('Sở Nội vụ;12;15\nday khong phai tep excel'),
  }),
  oldXls: (): TestFile => ({ name: 'bao-cao-cu.xls', bytes: ole2('Workbook', 'SummaryInformation') }),
  password: (): TestFile => ({ name: 'co-mat-khau.xlsx', bytes: ole2('EncryptionInfo', 'EncryptedPackage') }),
  /** The first half of a real file: a download cut short. */
  truncated: (whole: TestFile): TestFile => ({
    name: 'tai-ve-do-dang.xlsx',
    bytes: whole.bytes.slice(0, Math.floor(whole.bytes.length / 2)),
  }),
};
