import { randomBytes } from 'crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { openWorkbook, WorkbookRejected } from '../../src/io/safeOpen';
import { stringItemTags } from '../../src/io/openArchive';

async function smallWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục I');
  ws.getCell('A1').value = 'STT';
  ws.getCell('B1').value = 'Chỉ tiêu';
  for (let r = 2; r < 200; r++) {
    ws.getCell(r, 1).value = `1.${r}`;
    ws.getCell(r, 2).value = `Chỉ tiêu số ${r} với một cái tên khá dài để tệp có kích thước`;
    ws.getCell(r, 3).value = r * 3;
  }
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Resolves to the rejection, failing the test when the file opens or anything else is thrown. */
async function rejection(
  data: Uint8Array,
  file: string,
  limits?: Parameters<typeof openWorkbook>[2],
): Promise<WorkbookRejected> {
  try {
    await openWorkbook(data, file, limits);
  } catch (e) {
    expect(e).toBeInstanceOf(WorkbookRejected);
    const r = e as WorkbookRejected;
    expect(r.file).toBe(file);
    expect(r.message).toContain(file);
    expect(r.message).toContain(r.reason);
    return r;
  }
  throw new Error(`${file} was opened`);
}

function ole2(...streamNames: string[]): Uint8Array {
  const data = new Uint8Array(4096);
  data.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  let at = 1024;
  for (const name of streamNames) {
    data.set(Buffer.from(name, 'utf16le'), at);
    at += 128;
  }
  return data;
}

/** Sets an entry's declared uncompressed size in both its local header and the central directory. */
function declareSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const nameBytes = Buffer.from(name);
  for (let p = 0; p + 46 < out.length; p++) {
    const sig = out.readUInt32LE(p);
    if (sig === 0x04034b50 && out.subarray(p + 30, p + 30 + nameBytes.length).equals(nameBytes))
      out.writeUInt32LE(size, p + 22);
    if (sig === 0x02014b50 && out.subarray(p + 46, p + 46 + nameBytes.length).equals(nameBytes))
      out.writeUInt32LE(size, p + 24);
  }
  return out;
}

describe('openWorkbook', () => {
  it('opens a real workbook', async () => {
    const wb = await openWorkbook(await smallWorkbook(), 'ok.xlsx');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Phụ lục I']);
    expect(wb.getWorksheet('Phụ lục I')!.getCell('C10').value).toBe(30);
  });

  it('refuses an empty file', async () => {
    expect((await rejection(new Uint8Array(0), 'rong.xlsx')).reason).toContain('tệp rỗng');
  });

  it('refuses random bytes', async () => {
    const bytes = randomBytes(8192);
    bytes[0] = 0x01;
    bytes[1] = 0x02;
    expect((await rejection(bytes, 'ngau-nhien.xlsx')).reason).toContain('không phải định dạng Excel .xlsx');
  });

  it('refuses a CSV renamed .xlsx', async () => {
    const csv = Buffer.from('STT,Chỉ tiêu,Số liệu\n1.1,Kế hoạch CCHC,1\n1.1.1,Số nhiệm vụ,39\n', 'utf8');
    expect((await rejection(csv, 'bao-cao.xlsx')).reason).toContain('CSV');
  });

  it('refuses an HTML table saved as .xlsx', async () => {
    const html = Buffer.from('<html><body><table><tr><td>STT</td></tr></table></body></html>');
    expect((await rejection(html, 'xuat-web.xlsx')).reason).toContain('HTML');
  });

  it('refuses a truncated workbook', async () => {
    const full = await smallWorkbook();
    const half = full.subarray(0, Math.floor(full.length / 2));
    expect((await rejection(half, 'tai-do-dang.xlsx')).reason).toMatch(/hỏng|chưa hết/);
  });

  it('refuses a workbook whose entry data is corrupted', async () => {
    const full = Buffer.from(await smallWorkbook());
    // Scramble the compressed bytes of the first entry, keeping the zip's structure.
    const nameLen = full.readUInt16LE(26);
    const extraLen = full.readUInt16LE(28);
    const start = 30 + nameLen + extraLen;
    for (let i = start; i < start + 40; i++) full[i] = 0xff;
    expect((await rejection(full, 'hong.xlsx')).reason).toContain('hỏng');
  });

  it('refuses an old .xls (OLE2)', async () => {
    const r = await rejection(ole2('Workbook', 'SummaryInformation'), 'cu.xlsx');
    expect(r.reason).toContain('Excel 97–2003 (.xls)');
  });

  it('refuses a password-protected workbook (OLE2 with EncryptionInfo)', async () => {
    const r = await rejection(ole2('EncryptionInfo', 'EncryptedPackage'), 'mat-khau.xlsx');
    expect(r.reason).toContain('tệp được đặt mật khẩu');
  });

  it('refuses a zip that is not a workbook', async () => {
    const zip = new JSZip();
    zip.file('hello.txt', 'xin chào');
    const data = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect((await rejection(data, 'nen.xlsx')).reason).toContain('thiếu xl/workbook.xml');
  });

  it('names a Word document renamed .xlsx', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('word/document.xml', '<w:document/>');
    const data = await zip.generateAsync({ type: 'nodebuffer' });
    expect((await rejection(data, 'bao-cao.xlsx')).reason).toContain('Word (.docx)');
  });

  describe('zip bombs', () => {
    let bomb: Buffer;
    beforeAll(async () => {
      // 200 MB of "0" in one sheet, DEFLATE level 9: about 200 KB on disk. Built once for the file.
      const zip = new JSZip();
      zip.file('[Content_Types].xml', '<Types/>');
      zip.file('xl/workbook.xml', '<workbook/>');
      zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(200 * 1024 * 1024, 0x30));
      bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    }, 120_000);

    it('refuses it from the declared sizes, before inflating', async () => {
      const r = await rejection(bomb, 'bom.xlsx');
      expect(r.reason).toContain('zip bomb');
      expect(r.reason).toContain('xl/worksheets/sheet1.xml');
    });

    it('refuses it on the total size as well', async () => {
      const r = await rejection(bomb, 'bom.xlsx', { maxRatio: 1e9, maxUncompressed: 100 * 1024 * 1024 });
      expect(r.reason).toMatch(/vượt giới hạn.*zip bomb/);
    });

    it('refuses an entry that inflates past the size it declares', async () => {
      const zip = new JSZip();
      zip.file('[Content_Types].xml', '<Types/>');
      zip.file('xl/workbook.xml', '<workbook/>');
      zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(4 * 1024 * 1024, 0x30));
      const honest = await zip.generateAsync({
        type: 'nodebuffer',
        compression: 'DEFLATE',
        compressionOptions: { level: 9 },
      });
      const lying = declareSize(honest, 'xl/worksheets/sheet1.xml', 1000);
      const r = await rejection(lying, 'noi-doi.xlsx');
      expect(r.reason).toContain('nhiều hơn kích thước khai báo');
    });
  });

  it('refuses a file above the size limit', async () => {
    const r = await rejection(await smallWorkbook(), 'lon.xlsx', { maxBytes: 1000 });
    expect(r.reason).toContain('tệp quá lớn');
  });

  it('refuses an empty workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    wb.addWorksheet('Sheet2').getCell('B2').value = '   ';
    const data = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    expect((await rejection(data, 'trong.xlsx')).reason).toContain('sổ tính trống');
  });

  it('refuses a workbook part cut short, naming it', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/workbook.xml', '<workbook><sheets><sheet name="A"');
    const data = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const r = await rejection(data, 'la.xlsx');
    expect(r.reason).toContain('"xl/workbook.xml" bị cắt hoặc hỏng');
  });

  it('wraps what exceljs cannot parse, without its English', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/workbook.xml', '<workbook><sheets><sheet name="A" sheetId="x" r:id="rId9"/></sheets><<</workbook>');
    const data = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const r = await rejection(data, 'la.xlsx');
    expect(r.reason).toMatch(/Excel không đọc được nội dung sổ tính|sổ tính không có trang tính|sổ tính trống/);
    expect(r.message).not.toMatch(/[A-Za-z]+ (is|of|not|undefined|cannot)\b/);
  });
});

describe('counting the string items of a shared-strings table', () => {
  /** The tags as the table's rule defines them, by a regular expression: what the counting must agree with. */
  function byPattern(xml: string) {
    let opened = 0;
    let selfClosed = 0;
    let closed = 0;
    for (const m of xml.matchAll(/<(\/?)(?:[A-Za-z0-9_]+:)?si([ \t\n\r\f\v]*)(\/>|>)?/g)) {
      if (m[1]) {
        if (!m[2] && m[3] === '>') closed++;
        continue;
      }
      if (m[2] || m[3]) opened++;
      if (m[3] === '/>') selfClosed++;
    }
    return { opened, selfClosed, closed };
  }

  it('agrees with the pattern on tables, prefixes, look-alikes and broken tags', () => {
    const pieces = [
      '<',
      '</',
      '>',
      '/>',
      'si',
      's',
      'i',
      ':',
      'x',
      'a_1',
      ' ',
      '\t',
      '\n',
      '\f',
      '\v',
      'sic',
      '<<',
      'ơ',
      '"',
    ];
    let seed = 11;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const samples = [
      '<sst><si><t>a</t></si><si/><si /><x:si>b</x:si><sic/></sst>',
      '<si:si>',
      '<asi:si>',
      '</ si>',
      '<:si>',
      '</x:si >',
      '<si\f/>',
    ];
    for (let i = 0; i < 3000; i++)
      samples.push(Array.from({ length: 1 + rnd(24) }, () => pieces[rnd(pieces.length)]).join(''));
    for (const xml of samples) expect({ xml, ...stringItemTags(xml) }).toEqual({ xml, ...byPattern(xml) });
  });
});
