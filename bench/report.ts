// The report of a fully filled workbook: the product (read, check, model, .docx) in-process and as
// `cchc report`, next to `docx` alone and docxtemplater + pizzip writing the same paragraphs and
// tables, and the floor of deflating the product's own parts with node:zlib.
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import Docxtemplater from 'docxtemplater';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import PizZip from 'pizzip';
import { getCatalog } from '../src/domain/catalog';
import { buildReportModel } from '../src/domain/report/model';
import { findingsOf, reportInputOf } from '../src/domain/workbookData';
import { renderReportDocx } from '../src/io/docx/report';
import { readWorkbookBytes } from '../src/io/readWorkbook';
import { buildUnitWorkbook } from './consolidate-floor';
import { CCHC, measureProcess } from './proc';
import { kib, measureSideBySide, ms, table, times, type Sample } from './stats';
import { nativeUnzip, nativeZip } from './zipFloor';

type Block = { p: string } | { rows: string[][] };

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1])).join('');

/** The body of a .docx as paragraphs and tables of text: what the alternatives are asked to write. */
function blocksOf(documentXml: string): Block[] {
  const body = documentXml.slice(documentXml.indexOf('<w:body>'));
  const out: Block[] = [];
  const re = /<w:tbl>[\s\S]*?<\/w:tbl>|<w:p[ >][\s\S]*?<\/w:p>/g;
  for (const m of body.matchAll(re)) {
    if (m[0].startsWith('<w:tbl>')) {
      const rows = [...m[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) =>
        [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0])),
      );
      out.push({ rows });
    } else out.push({ p: textOf(m[0]) });
  }
  return out;
}

function withDocx(blocks: Block[]): Promise<Buffer> {
  const children = blocks.map((b) =>
    'p' in b
      ? new Paragraph({ children: [new TextRun(b.p)] })
      : new Table({
          rows: b.rows.map(
            (r) => new TableRow({ children: r.map((c) => new TableCell({ children: [new Paragraph(c)] })) }),
          ),
        }),
  );
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
/** A docxtemplater template: a loop of paragraphs and a loop of tables (rows of cells). */
function templateZip(): Buffer {
  const p = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${t}</w:t></w:r></w:p>`;
  const doc =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>` +
    `${p('{#blocks}')}${p('{#isP}{text}{/isP}')}` +
    `<w:tbl><w:tr><w:tc>${p('{#rows}')}</w:tc></w:tr><w:tr><w:tc>${p('{#cells}{.}{/cells}')}</w:tc></w:tr><w:tr><w:tc>${p('{/rows}')}</w:tc></w:tr></w:tbl>` +
    `${p('{/blocks}')}<w:sectPr/></w:body></w:document>`;
  const ct =
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
  const rels =
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
  return nativeZip([
    { name: '[Content_Types].xml', data: Buffer.from(ct) },
    { name: '_rels/.rels', data: Buffer.from(rels) },
    { name: 'word/document.xml', data: Buffer.from(doc) },
  ]);
}

function withDocxtemplater(template: Buffer, blocks: Block[]): Buffer {
  const doc = new Docxtemplater(new PizZip(template), { paragraphLoop: true, linebreaks: true });
  doc.render({
    blocks: blocks.map((b) =>
      'p' in b ? { isP: true, text: b.p, rows: [] } : { isP: false, rows: b.rows.map((cells) => ({ cells })) },
    ),
  });
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export async function reportSection(runs: number): Promise<string> {
  const catalog = getCatalog();
  const xlsx = new Uint8Array(await buildUnitWorkbook(catalog, { unit: 'Sở Công Thương', seed: 7 }));
  const file = 'so-cong-thuong-day-du.xlsx';
  const read = await readWorkbookBytes(xlsx, file, catalog);
  const findings = findingsOf(catalog, read);
  const product = () => renderReportDocx(buildReportModel(reportInputOf(catalog, read, findings)));
  const docx = await product();
  const parts = [...nativeUnzip(docx).entries()].map(([name, data]) => ({ name, data }));
  const blocks = blocksOf(parts.find((p) => p.name === 'word/document.xml')!.data.toString('utf8'));
  const template = templateZip();
  const s = await measureSideBySide(
    {
      floor: () => nativeZip(parts),
      docx: () => withDocx(blocks),
      docxtemplater: () => withDocxtemplater(template, blocks),
      product,
    },
    Math.max(runs, 7),
    2,
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'cchc-bench-report-'));
  writeFileSync(path.join(dir, file), xlsx);
  const cli = await measureProcess(CCHC, ['report', path.join(dir, file), '-o', path.join(dir, 'bao-cao.docx')], runs);
  const floor = s.floor.median;
  const row = (what: string, x: Sample, extra = '') => [what, ms(x), times(x.median, floor), extra];
  const paragraphs = blocks.filter((b) => 'p' in b).length;
  return table(
    `Report for a fully filled workbook (${kib(docx.length)} .docx, ${paragraphs} paragraphs, ${blocks.length - paragraphs} tables) — target: product ≤ 1.5× docx alone`,
    ['what', 'median (min–max)', '× floor', ''],
    [
      row('native floor (node:zlib deflate of the same parts)', s.floor),
      row('docx alone, same paragraphs and tables', s.docx),
      row('docxtemplater + pizzip, same content', s.docxtemplater),
      row('product model + .docx (in-process)', s.product, `${times(s.product.median, s.docx.median)} docx`),
      row('cchc report (process)', cli.time, `peak ${(cli.maxRssBytes / 1048576).toFixed(0)} MiB`),
    ],
  );
}
