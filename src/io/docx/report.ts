/**
 * The narrative report as a .docx laid out by Nghị định 30/2020/NĐ-CP, Phụ lục I:
 * A4, margins 20/20/30/15 mm, Times New Roman, the two-column header and footer
 * blocks, page numbers from page 2, then Phụ lục I and the Biểu mẫu filled, each
 * numbered on its own. Figures sit in content controls tagged "cchc:<key>"; the
 * report data rides along as a custom XML part.
 */
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  SectionType,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  VerticalAlignTable,
  WidthType,
  type ISectionOptions,
  type ParagraphChild,
} from 'docx';
import JSZip from 'jszip';
import {
  embeddedDataXml,
  parseEmbeddedDataXml,
  REPORT_DATA_NAMESPACE,
  type AnnexTable,
  type EmbeddedReportData,
  type ReportModel,
  type ReportParagraph,
  type Run,
} from '../../domain/report/model';

// ---------------------------------------------------------------------------
// Page and type (twips, half-points)

const mm = (value: number) => Math.round((value * 1440) / 25.4);
const pt = (value: number) => value * 2;

export const FONT = 'Times New Roman';
export const A4 = { width: 11906, height: 16838 };
export const MARGINS = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15), header: mm(10), footer: mm(10) };
const CONTENT_WIDTH = A4.width - MARGINS.left - MARGINS.right;
const LANDSCAPE_CONTENT_WIDTH = A4.height - MARGINS.left - MARGINS.right;
/** Word's default cell padding, left plus right. */
const CELL_PADDING = 216;

export const SIZES = {
  body: pt(14),
  parentBody: pt(13),
  issuingBody: pt(13),
  number: pt(13),
  nation: pt(12),
  motto: pt(13),
  placeDate: pt(14),
  reportWord: pt(14),
  title: pt(14),
  recipientsLabel: pt(12),
  recipients: pt(11),
  signer: pt(14),
  pageNumber: pt(14),
  annexHeading: pt(14),
  table: pt(12),
};

const BODY_INDENT = 720; // 1,27 cm
const BODY_SPACING = { before: 0, after: 120, line: 288, lineRule: LineRuleType.AUTO }; // 6 pt after, 1,2 lines
const TIGHT = { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO };

interface RunStyle {
  size: number;
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
}

/** Yellow: a figure with an open error; light grey: the rest of its sentence, so review finds it. */
type Mark = 'yellow' | 'lightGray' | null;

function textRun(text: string, style: RunStyle, mark: Mark = null): TextRun {
  return new TextRun({
    text,
    font: FONT,
    size: style.size,
    bold: style.bold,
    italics: style.italics,
    color: '000000',
    ...(style.underline ? { underline: { type: UnderlineType.SINGLE, color: '000000' } } : {}),
    ...(mark ? { highlight: mark } : {}),
  });
}

// ---------------------------------------------------------------------------
// Figures: bookmarked while building, turned into content controls afterwards

interface ControlTag {
  key: string;
  title: string;
}

class FigureTags {
  readonly byBookmark = new Map<string, ControlTag>();

  /** A run that shows a figure is bookmarked under a fresh name; other runs are plain. */
  child(run: Run, style: RunStyle, sentenceFlagged = false): ParagraphChild {
    const text = textRun(run.text, style, run.flagged ? 'yellow' : sentenceFlagged && !run.tag ? 'lightGray' : null);
    if (!run.tag) return text;
    const name = `cchc_f${this.byBookmark.size + 1}`;
    this.byBookmark.set(name, { key: run.tag.key, title: `Số liệu ${run.tag.key}` });
    return new Bookmark({ id: name, children: [text] });
  }
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m ? m[1] : null;
}

/**
 * Replaces each of our bookmarks (`w:bookmarkStart` … `w:bookmarkEnd` around the runs of one
 * figure) by an inline content control `w:sdt` tagged "cchc:<key>" holding the same runs.
 * Bookmarks not listed are left alone. Throws when a listed bookmark is not closed in the
 * same paragraph, which would mean the document was not built by this module.
 */
export function bookmarksToContentControls(
  documentXml: string,
  tags: ReadonlyMap<string, ControlTag>,
  firstId = 1000,
): string {
  const startRe = /<w:bookmarkStart\b[^>]*\/>/g;
  let out = '';
  let last = 0;
  let nextId = firstId;
  for (let m = startRe.exec(documentXml); m; m = startRe.exec(documentXml)) {
    const name = attr(m[0], 'w:name');
    const tag = name ? tags.get(name) : undefined;
    if (!tag) continue;
    const id = attr(m[0], 'w:id');
    const endRe = new RegExp(`<w:bookmarkEnd\\b[^>]*\\bw:id="${id}"[^>]*/>`, 'g');
    endRe.lastIndex = startRe.lastIndex;
    const end = endRe.exec(documentXml);
    const inner = end ? documentXml.slice(startRe.lastIndex, end.index) : '';
    if (!end || /<w:p[\s>]|<\/w:p>/.test(inner))
      throw new Error(`Dấu trang "${name}" của số liệu ${tag.key} không đóng trong cùng đoạn văn.`);
    out +=
      documentXml.slice(last, m.index) +
      `<w:sdt><w:sdtPr><w:alias w:val="${escapeAttr(tag.title)}"/><w:tag w:val="cchc:${escapeAttr(tag.key)}"/><w:id w:val="${nextId++}"/></w:sdtPr>` +
      `<w:sdtContent>${inner}</w:sdtContent></w:sdt>`;
    last = end.index + end[0].length;
    startRe.lastIndex = last;
  }
  return out + documentXml.slice(last);
}

// ---------------------------------------------------------------------------
// The custom XML part

const REL_CUSTOM_XML = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml';
const REL_CUSTOM_XML_PROPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps';
const CT_CUSTOM_XML_PROPS = 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml';

/**
 * A fresh datastore item id per document: Word keeps one part per id, and WordApi 1.6
 * insertion drops an inserted part whose id the open document already has.
 */
export function newDatastoreItemId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}}`.toUpperCase();
}
/** Parts only: a .docx has no folder entries. */
const PART = { createFolders: false } as const;

async function addCustomXmlPart(zip: JSZip, xml: string): Promise<void> {
  let n = 1;
  while (zip.file(`customXml/item${n}.xml`)) n++;
  zip.file(`customXml/item${n}.xml`, xml, PART);
  zip.file(
    `customXml/itemProps${n}.xml`,
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' +
      `<ds:datastoreItem ds:itemID="${newDatastoreItemId()}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">` +
      `<ds:schemaRefs><ds:schemaRef ds:uri="${REPORT_DATA_NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>`,
    PART,
  );
  zip.file(
    `customXml/_rels/item${n}.xml.rels`,
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_CUSTOM_XML_PROPS}" Target="itemProps${n}.xml"/></Relationships>`,
    PART,
  );
  const relsPath = 'word/_rels/document.xml.rels';
  const rels = await zip.file(relsPath)!.async('string');
  const ids = [...rels.matchAll(/Id="rId(\d+)"/g)].map((m) => Number(m[1]));
  const rId = `rId${Math.max(0, ...ids) + 1}`;
  zip.file(
    relsPath,
    rels.replace(
      '</Relationships>',
      `<Relationship Id="${rId}" Type="${REL_CUSTOM_XML}" Target="../customXml/item${n}.xml"/></Relationships>`,
    ),
    PART,
  );
  const typesPath = '[Content_Types].xml';
  const types = await zip.file(typesPath)!.async('string');
  zip.file(
    typesPath,
    types.replace(
      '</Types>',
      `<Override ContentType="${CT_CUSTOM_XML_PROPS}" PartName="/customXml/itemProps${n}.xml"/></Types>`,
    ),
    PART,
  );
}

/** The report data embedded by `renderReportDocx`, or null for another document. */
export async function readEmbeddedReportData(docx: Uint8Array): Promise<EmbeddedReportData | null> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(docx);
  } catch {
    return null;
  }
  const items = zip.file(/^customXml\/item\d+\.xml$/);
  for (const item of items) {
    const data = parseEmbeddedDataXml(await item.async('string'));
    if (data) return data;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Blocks

function bodyParagraph(
  children: ParagraphChild[],
  options: { keepNext?: boolean; keepLines?: boolean } = {},
): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: BODY_INDENT },
    spacing: BODY_SPACING,
    keepNext: options.keepNext,
    keepLines: options.keepLines,
    children,
  });
}

function centered(children: ParagraphChild[], spacing: { before?: number; after?: number } = {}): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { ...TIGHT, ...spacing }, children });
}

/** An empty paragraph whose bottom border is a short centred rule of the given width. */
function rule(width: number, available: number, after = 0): Paragraph {
  const side = Math.max(0, Math.round((available - width) / 2));
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    indent: { left: side, right: side },
    spacing: { before: 0, after, line: 120, lineRule: LineRuleType.EXACT },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    run: { size: 2 },
    children: [],
  });
}

/** Rough printed width of a line of capitals, to size the rules under it. */
function textWidth(text: string, size: number): number {
  return text.length * (size / 2) * 20 * 0.62;
}

function headerTable(model: ReportModel): Table {
  const leftWidth = mm(62);
  const rightWidth = CONTENT_WIDTH - leftWidth;
  const h = model.header;
  const left: Paragraph[] = [];
  if (h.parentBody) left.push(centered([textRun(h.parentBody, { size: SIZES.parentBody })]));
  left.push(centered([textRun(h.issuingBody, { size: SIZES.issuingBody, bold: true })]));
  const leftAvail = leftWidth - CELL_PADDING;
  left.push(
    rule(Math.min(leftAvail * 0.8, Math.max(mm(15), textWidth(h.issuingBody, SIZES.issuingBody) / 3)), leftAvail, 120),
  );
  left.push(centered([textRun(h.number, { size: SIZES.number })], { before: 60 }));
  const right: Paragraph[] = [
    centered([textRun(h.nation, { size: SIZES.nation, bold: true })]),
    centered([textRun(h.motto, { size: SIZES.motto, bold: true, underline: true })], { after: 180 }),
    centered([textRun(h.placeDate, { size: SIZES.placeDate, italics: true })], { before: 60 }),
  ];
  return borderlessTable([leftWidth, rightWidth], [left, right]);
}

function borderlessTable(widths: number[], cells: Paragraph[][]): Table {
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        cantSplit: true,
        children: cells.map(
          (children, i) =>
            new TableCell({
              width: { size: widths[i], type: WidthType.DXA },
              verticalAlign: VerticalAlignTable.TOP,
              children,
            }),
        ),
      }),
    ],
  });
}

function footerTable(model: ReportModel): Table {
  const leftWidth = Math.round(CONTENT_WIDTH * 0.45);
  const rightWidth = CONTENT_WIDTH - leftWidth;
  const f = model.footer;
  const left: Paragraph[] = [
    new Paragraph({
      spacing: TIGHT,
      children: [textRun(f.recipientsLabel, { size: SIZES.recipientsLabel, bold: true, italics: true })],
    }),
    ...f.recipients.map(
      (line) => new Paragraph({ spacing: TIGHT, children: [textRun(line, { size: SIZES.recipients })] }),
    ),
  ];
  const signerLines = [...f.signerAuthority];
  if (signerLines[signerLines.length - 1] !== f.signerTitle) signerLines.push(f.signerTitle);
  const right: Paragraph[] = [
    ...signerLines.map((line) => centered([textRun(line, { size: SIZES.signer, bold: true })])),
    // Room for the signature and seal.
    ...[0, 1, 2, 3].map(() => centered([textRun('', { size: SIZES.signer })])),
    centered([textRun(f.signerName, { size: SIZES.signer, bold: true })]),
  ];
  return borderlessTable([leftWidth, rightWidth], [left, right]);
}

function paragraphOf(p: ReportParagraph, tags: FigureTags): Paragraph {
  if (p.kind === 'subheading')
    return bodyParagraph(
      p.runs.map((r) => tags.child(r, { size: SIZES.body, italics: true })),
      { keepNext: true },
    );
  const flagged = p.runs.some((r) => r.flagged);
  return bodyParagraph(p.runs.map((r) => tags.child(r, { size: SIZES.body }, flagged)));
}

function pageNumberHeader(): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: TIGHT,
        children: [
          new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: SIZES.pageNumber, color: '000000' }),
        ],
      }),
    ],
  });
}

function emptyHeader(): Header {
  return new Header({ children: [new Paragraph({ spacing: TIGHT, children: [] })] });
}

function pageProperties(landscape: boolean, restart: boolean): ISectionOptions['properties'] {
  return {
    titlePage: true,
    ...(restart ? { type: SectionType.NEXT_PAGE } : {}),
    page: {
      size: {
        width: A4.width,
        height: A4.height,
        orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
      },
      margin: MARGINS,
      ...(restart ? { pageNumbers: { start: 1 } } : {}),
    },
  };
}

function mainSection(model: ReportModel, tags: FigureTags): ISectionOptions {
  const children: (Paragraph | Table)[] = [headerTable(model)];
  children.push(centered([textRun('BÁO CÁO', { size: SIZES.reportWord, bold: true })], { before: 360 }));
  children.push(centered([textRun(model.title, { size: SIZES.title, bold: true })]));
  children.push(rule(Math.round(CONTENT_WIDTH / 4), CONTENT_WIDTH, 360));
  for (const line of model.opening.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '')) {
    children.push(bodyParagraph([textRun(line, { size: SIZES.body })]));
  }
  for (const section of model.sections) {
    children.push(bodyParagraph([textRun(section.heading, { size: SIZES.body, bold: true })], { keepNext: true }));
    for (const p of section.paragraphs) children.push(paragraphOf(p, tags));
  }
  // The closing stays on the page of the signature block: a signature never stands alone.
  children.push(bodyParagraph([textRun(model.closing, { size: SIZES.body })], { keepNext: true, keepLines: true }));
  children.push(footerTable(model));
  return {
    properties: pageProperties(false, false),
    headers: { default: pageNumberHeader(), first: emptyHeader() },
    children,
  };
}

const ANNEX_HEADERS = ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu', 'Ghi chú'];

/** Twips a figure takes in Times New Roman: digits half an em, "." "," "/" about a quarter. */
export function figureWidth(text: string, size: number): number {
  const em = (size / 2) * 20;
  return [...text].reduce((w, c) => w + em * (/\d/.test(c) ? 0.5 : /[.,/:]/.test(c) ? 0.28 : 0.6), 0);
}

/** Column widths; the figure column is as wide as its longest figure, so a figure never wraps inside. */
function annexWidths(landscape: boolean, figures: string[] = []): number[] {
  const total = landscape ? LANDSCAPE_CONTENT_WIDTH : CONTENT_WIDTH;
  const fixed = landscape ? [mm(18), 0, mm(35), mm(40), mm(55)] : [mm(15), 0, mm(26), mm(26), mm(24)];
  const widest = Math.max(0, ...figures.map((t) => figureWidth(t, SIZES.table)));
  fixed[3] = Math.max(fixed[3], Math.ceil(widest + 2 * CELL_PADDING + 40));
  fixed[1] = total - fixed.reduce((a, b) => a + b, 0);
  return fixed;
}

const GRID = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function annexCell(
  children: ParagraphChild[],
  width: number,
  align: (typeof AlignmentType)[keyof typeof AlignmentType],
): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    children: [
      new Paragraph({
        alignment: align,
        spacing: { before: 40, after: 40, line: 240, lineRule: LineRuleType.AUTO },
        children,
      }),
    ],
  });
}

function annexSection(annex: AnnexTable, tags: FigureTags): ISectionOptions {
  // Held figures ("[cần xem lại: …]") may wrap at their spaces; figures may not.
  const widths = annexWidths(
    annex.landscape,
    annex.rows.flatMap((r) => (r.value && !r.value.flagged ? [r.value.text] : [])),
  );
  const cellStyle = (bold: boolean): RunStyle => ({ size: SIZES.table, bold });
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: ANNEX_HEADERS.map((h, i) => annexCell([textRun(h, cellStyle(true))], widths[i], AlignmentType.CENTER)),
  });
  const rows = annex.rows.map(
    (r) =>
      new TableRow({
        cantSplit: true,
        children: [
          annexCell([textRun(r.code, cellStyle(r.group))], widths[0], AlignmentType.CENTER),
          annexCell([textRun(r.name, cellStyle(r.group))], widths[1], AlignmentType.LEFT),
          annexCell([textRun(r.unit, cellStyle(false))], widths[2], AlignmentType.CENTER),
          annexCell(r.value ? [tags.child(r.value, cellStyle(r.group))] : [], widths[3], AlignmentType.CENTER),
          annexCell([textRun(r.note, cellStyle(false))], widths[4], AlignmentType.LEFT),
        ],
      }),
  );
  const table = new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: GRID, bottom: GRID, left: GRID, right: GRID, insideHorizontal: GRID, insideVertical: GRID },
    rows: [header, ...rows],
  });
  return {
    properties: pageProperties(annex.landscape, true),
    headers: { default: pageNumberHeader(), first: emptyHeader() },
    children: [
      centered([textRun(annex.label, { size: SIZES.annexHeading, bold: true })]),
      centered([textRun(annex.title, { size: SIZES.annexHeading, bold: true })]),
      centered([textRun(annex.attachedTo, { size: SIZES.annexHeading, italics: true })], { after: 240 }),
      table,
    ],
  };
}

/** The whole report as .docx bytes. */
export async function renderReportDocx(model: ReportModel): Promise<Uint8Array> {
  const tags = new FigureTags();
  const sections = [mainSection(model, tags), ...model.annexes.map((a) => annexSection(a, tags))];
  const doc = new Document({
    creator: model.header.issuingBody,
    title: `Báo cáo ${model.title}`,
    styles: { default: { document: { run: { font: FONT, size: SIZES.body, color: '000000' } } } },
    sections,
  });
  const zip = await JSZip.loadAsync(await Packer.pack(doc, 'uint8array'));
  const documentPath = 'word/document.xml';
  const xml = await zip.file(documentPath)!.async('string');
  zip.file(documentPath, bookmarksToContentControls(xml, tags.byBookmark), PART);
  await addCustomXmlPart(zip, embeddedDataXml(model.data));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
