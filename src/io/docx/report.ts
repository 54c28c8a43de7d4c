/**
 * The narrative report as a .docx laid out by Nghị định 30/2020/NĐ-CP, Phụ lục I:
 * A4, margins 20/20/30/15 mm, Times New Roman, the two-column header and footer
 * blocks, page numbers from page 2, then Phụ lục I and the Biểu mẫu filled, each
 * numbered on its own. Figures sit in content controls tagged "cchc:<key>"; the
 * report data rides along as a custom XML part.
 */
import JSZip from 'jszip';
import { docxPackage, escapeXmlAttr, escapeXmlText, HEADER_IDS, W_NS } from './package';
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

interface RunStyle {
  size: number;
  /** false writes an explicit "not bold" (table cells), as Word's own tables do. */
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
}

/** Yellow: a figure with an open error; light grey: the rest of its sentence, so review finds it. */
type Mark = 'yellow' | 'lightGray' | null;

// ---------------------------------------------------------------------------
// WordprocessingML written as text. The body is thousands of runs and cells; building them as
// `docx` objects cost about eight times the packing itself, so `docx` writes only the package
// (styles, sections, headers) around a marker per section, and the body is put in its place.

const escapeText = escapeXmlText;
const escapeAttr = escapeXmlAttr;

const FONTS_XML = `<w:rFonts w:ascii="${FONT}" w:cs="${FONT}" w:eastAsia="${FONT}" w:hAnsi="${FONT}"/>`;

function textRun(text: string, style: RunStyle, mark: Mark = null): string {
  const bold = style.bold ? '<w:b/><w:bCs/>' : style.bold === false ? '<w:b w:val="false"/><w:bCs w:val="false"/>' : '';
  return (
    `<w:r><w:rPr>${FONTS_XML}${bold}${style.italics ? '<w:i/><w:iCs/>' : ''}<w:color w:val="000000"/>` +
    `<w:sz w:val="${style.size}"/><w:szCs w:val="${style.size}"/>${mark ? `<w:highlight w:val="${mark}"/>` : ''}` +
    `${style.underline ? '<w:u w:val="single" w:color="000000"/>' : ''}</w:rPr>` +
    `<w:t xml:space="preserve">${escapeText(text)}</w:t></w:r>`
  );
}

interface Spacing {
  before: number;
  after: number;
  line: number;
  lineRule: 'auto' | 'exact';
}

interface ParagraphStyle {
  align?: 'both' | 'center' | 'left';
  spacing: Spacing;
  indent?: { firstLine?: number; left?: number; right?: number };
  keepNext?: boolean;
  keepLines?: boolean;
  /** A bottom border: the short rules under the letterhead and the title. */
  rule?: boolean;
  /** Run size of the paragraph mark (an empty rule paragraph takes almost no height). */
  markSize?: number;
}

function paragraphXml(style: ParagraphStyle, children: string): string {
  const { before, after, line, lineRule } = style.spacing;
  const ind = style.indent
    ? `<w:ind${style.indent.firstLine !== undefined ? ` w:firstLine="${style.indent.firstLine}"` : ''}${style.indent.left !== undefined ? ` w:left="${style.indent.left}"` : ''}${style.indent.right !== undefined ? ` w:right="${style.indent.right}"` : ''}/>`
    : '';
  return (
    `<w:p><w:pPr>${style.keepNext ? '<w:keepNext/>' : ''}${style.keepLines ? '<w:keepLines/>' : ''}` +
    `${style.rule ? '<w:pBdr><w:bottom w:val="single" w:color="000000" w:sz="6" w:space="1"/></w:pBdr>' : ''}` +
    `<w:spacing w:after="${after}" w:before="${before}" w:line="${line}" w:lineRule="${lineRule}"/>${ind}` +
    `${style.align ? `<w:jc w:val="${style.align}"/>` : ''}` +
    `${style.markSize ? `<w:rPr><w:sz w:val="${style.markSize}"/><w:szCs w:val="${style.markSize}"/></w:rPr>` : ''}` +
    `</w:pPr>${children}</w:p>`
  );
}

const BODY_INDENT = 720; // 1,27 cm
const BODY_SPACING: Spacing = { before: 0, after: 120, line: 288, lineRule: 'auto' }; // 6 pt after, 1,2 lines
const TIGHT: Spacing = { before: 0, after: 0, line: 240, lineRule: 'auto' };

// ---------------------------------------------------------------------------
// Figures: each run that shows one sits in an inline content control tagged "cchc:<key>"

/** The tag of the content control around a section's generated paragraphs ("Cập nhật số liệu" rewrites it). */
export const BLOCK_TAG_PREFIX = 'cchc-muc:';

class FigureTags {
  constructor(private nextId = 1000) {}

  /** A section's generated paragraphs in one block control, so a refresh can write them anew. */
  block(sectionId: string, paragraphs: string): string {
    const id = escapeAttr(sectionId);
    return (
      `<w:sdt><w:sdtPr><w:alias w:val="Số liệu mục ${id}"/><w:tag w:val="${BLOCK_TAG_PREFIX}${id}"/><w:id w:val="${this.nextId++}"/></w:sdtPr>` +
      `<w:sdtContent>${paragraphs}</w:sdtContent></w:sdt>`
    );
  }

  /** A run that shows a figure is wrapped in its control; other runs are plain. */
  child(run: Run, style: RunStyle, sentenceFlagged = false): string {
    const text = textRun(run.text, style, run.flagged ? 'yellow' : sentenceFlagged && !run.tag ? 'lightGray' : null);
    if (!run.tag) return text;
    const key = escapeAttr(run.tag.key);
    return (
      `<w:sdt><w:sdtPr><w:alias w:val="Số liệu ${key}"/><w:tag w:val="cchc:${key}"/><w:id w:val="${this.nextId++}"/></w:sdtPr>` +
      `<w:sdtContent>${text}</w:sdtContent></w:sdt>`
    );
  }
}

// ---------------------------------------------------------------------------
// The custom XML part

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

function bodyParagraph(children: string, options: { keepNext?: boolean; keepLines?: boolean } = {}): string {
  return paragraphXml(
    { align: 'both', indent: { firstLine: BODY_INDENT }, spacing: BODY_SPACING, ...options },
    children,
  );
}

function centered(children: string, spacing: { before?: number; after?: number } = {}): string {
  return paragraphXml({ align: 'center', spacing: { ...TIGHT, ...spacing } }, children);
}

/** An empty paragraph whose bottom border is a short centred rule of the given width. */
function rule(width: number, available: number, after = 0): string {
  const side = Math.max(0, Math.round((available - width) / 2));
  return paragraphXml(
    {
      align: 'center',
      indent: { left: side, right: side },
      spacing: { before: 0, after, line: 120, lineRule: 'exact' },
      rule: true,
      markSize: 2,
    },
    '',
  );
}

/** Rough printed width of a line of capitals, to size the rules under it. */
function textWidth(text: string, size: number): number {
  return text.length * (size / 2) * 20 * 0.62;
}

type Borders = 'none' | 'grid';

function tableXml(widths: number[], borders: Borders, rows: string[]): string {
  const side = borders === 'none' ? 'w:val="none" w:color="auto" w:sz="0"' : 'w:val="single" w:color="000000" w:sz="4"';
  const edges = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((e) => `<w:${e} ${side}/>`).join('');
  return (
    `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${widths.reduce((a, b) => a + b, 0)}"/><w:tblBorders>${edges}</w:tblBorders>` +
    `<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>` +
    `${rows.join('')}</w:tbl>`
  );
}

function rowXml(cells: string[], header = false): string {
  return `<w:tr><w:trPr><w:cantSplit/>${header ? '<w:tblHeader/>' : ''}</w:trPr>${cells.join('')}</w:tr>`;
}

function cellXml(width: number, align: 'top' | 'center', paragraphs: string): string {
  return `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${width}"/><w:vAlign w:val="${align}"/></w:tcPr>${paragraphs}</w:tc>`;
}

function borderlessTable(widths: number[], cells: string[][]): string {
  return tableXml(widths, 'none', [rowXml(cells.map((children, i) => cellXml(widths[i], 'top', children.join(''))))]);
}

function headerTable(model: ReportModel): string {
  const leftWidth = mm(62);
  const rightWidth = CONTENT_WIDTH - leftWidth;
  const h = model.header;
  const left: string[] = [];
  if (h.parentBody) left.push(centered(textRun(h.parentBody, { size: SIZES.parentBody })));
  left.push(centered(textRun(h.issuingBody, { size: SIZES.issuingBody, bold: true })));
  const leftAvail = leftWidth - CELL_PADDING;
  left.push(
    rule(Math.min(leftAvail * 0.8, Math.max(mm(15), textWidth(h.issuingBody, SIZES.issuingBody) / 3)), leftAvail, 120),
  );
  left.push(centered(textRun(h.number, { size: SIZES.number }), { before: 60 }));
  const right = [
    centered(textRun(h.nation, { size: SIZES.nation, bold: true })),
    centered(textRun(h.motto, { size: SIZES.motto, bold: true, underline: true }), { after: 180 }),
    centered(textRun(h.placeDate, { size: SIZES.placeDate, italics: true }), { before: 60 }),
  ];
  return borderlessTable([leftWidth, rightWidth], [left, right]);
}

function footerTable(model: ReportModel): string {
  const leftWidth = Math.round(CONTENT_WIDTH * 0.45);
  const rightWidth = CONTENT_WIDTH - leftWidth;
  const f = model.footer;
  const plain = (children: string) => paragraphXml({ spacing: TIGHT }, children);
  const left = [
    plain(textRun(f.recipientsLabel, { size: SIZES.recipientsLabel, bold: true, italics: true })),
    ...f.recipients.map((line) => plain(textRun(line, { size: SIZES.recipients }))),
  ];
  const signerLines = [...f.signerAuthority];
  if (signerLines[signerLines.length - 1] !== f.signerTitle) signerLines.push(f.signerTitle);
  const right = [
    ...signerLines.map((line) => centered(textRun(line, { size: SIZES.signer, bold: true }))),
    // Room for the signature and seal.
    ...[0, 1, 2, 3].map(() => centered(textRun('', { size: SIZES.signer }))),
    centered(textRun(f.signerName, { size: SIZES.signer, bold: true })),
  ];
  return borderlessTable([leftWidth, rightWidth], [left, right]);
}

function paragraphOf(p: ReportParagraph, tags: FigureTags): string {
  if (p.kind === 'subheading')
    return bodyParagraph(p.runs.map((r) => tags.child(r, { size: SIZES.body, italics: true })).join(''), {
      keepNext: true,
    });
  const flagged = p.runs.some((r) => r.flagged);
  return bodyParagraph(p.runs.map((r) => tags.child(r, { size: SIZES.body }, flagged)).join(''));
}

const EMPTY_SLOT =
  '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:vanish/><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>';

/**
 * A section's paragraphs, the generated ones (placed together among the unit's own) in their block.
 * A section that states figures but has none yet keeps its "…" in the block: a refresh with the
 * figures filled in writes the section's sentences there.
 */
function sectionParagraphs(section: ReportModel['sections'][number], tags: FigureTags): string[] {
  if (
    section.statesFigures &&
    section.paragraphs.length > 0 &&
    section.paragraphs.every((p) => p.kind === 'placeholder')
  )
    return [tags.block(section.id, section.paragraphs.map((p) => paragraphOf(p, tags)).join(''))];
  // Only the unit's own words and no figures yet: an empty block where they would go, so a refresh
  // can write them there. Its one paragraph is 1 pt high with a hidden mark: nothing shows or prints.
  if (section.statesFigures && !section.paragraphs.some((p) => p.kind === 'figures')) {
    const at = Math.min(section.figuresAt ?? section.paragraphs.length, section.paragraphs.length);
    const own = section.paragraphs.map((p) => paragraphOf(p, tags));
    return [...own.slice(0, at), tags.block(section.id, EMPTY_SLOT), ...own.slice(at)];
  }
  const out: string[] = [];
  let block: string[] = [];
  const flush = () => {
    if (block.length > 0) out.push(tags.block(section.id, block.join('')));
    block = [];
  };
  for (const p of section.paragraphs) {
    if (p.kind === 'figures') block.push(paragraphOf(p, tags));
    else {
      flush();
      out.push(paragraphOf(p, tags));
    }
  }
  flush();
  return out;
}

/**
 * A section's generated paragraphs as Flat OPC, the form `ContentControl.insertOoxml` takes:
 * "Cập nhật số liệu" puts a newly filled figure in its sentence by writing the block anew.
 */
export function sectionBlockOoxml(section: ReportModel['sections'][number], firstId = 900000): string {
  const tags = new FigureTags(firstId);
  return flatOpc(
    section.paragraphs
      .filter((p) => p.kind === 'figures')
      .map((p) => paragraphOf(p, tags))
      .join(''),
  );
}

/** Body content (paragraphs) as the one-part Flat OPC package `insertOoxml` takes. */
function flatOpc(body: string): string {
  return (
    '<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">' +
    '<pkg:part pkg:name="/_rels/.rels" pkg:contentType="application/vnd.openxmlformats-package.relationships+xml"><pkg:xmlData>' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>' +
    '</pkg:xmlData></pkg:part>' +
    '<pkg:part pkg:name="/word/document.xml" pkg:contentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"><pkg:xmlData>' +
    `<w:document xmlns:w="${W_NS}"><w:body>${body}</w:body></w:document>` +
    '</pkg:xmlData></pkg:part></pkg:package>'
  );
}

function pageNumberHeader(): string {
  const run = (inner: string) =>
    `<w:r><w:rPr>${FONTS_XML}<w:color w:val="000000"/><w:sz w:val="${SIZES.pageNumber}"/><w:szCs w:val="${SIZES.pageNumber}"/></w:rPr>${inner}</w:r>`;
  return paragraphXml(
    { align: 'center', spacing: TIGHT },
    run('<w:fldChar w:fldCharType="begin"/>') +
      run('<w:instrText xml:space="preserve">PAGE</w:instrText>') +
      run('<w:fldChar w:fldCharType="separate"/>') +
      run('<w:fldChar w:fldCharType="end"/>'),
  );
}

/** A section's page: A4, the decree's margins, page numbers from the second page (annexes restart at 1). */
function sectionProperties(landscape: boolean, restart: boolean): string {
  const [w, h] = landscape ? [A4.height, A4.width] : [A4.width, A4.height];
  const m = MARGINS;
  return (
    `<w:sectPr><w:headerReference w:type="default" r:id="${HEADER_IDS.pageNumber}"/><w:headerReference w:type="first" r:id="${HEADER_IDS.empty}"/>` +
    `${restart ? '<w:type w:val="nextPage"/>' : ''}<w:pgSz w:w="${w}" w:h="${h}" w:orient="${landscape ? 'landscape' : 'portrait'}"/>` +
    `<w:pgMar w:top="${m.top}" w:right="${m.right}" w:bottom="${m.bottom}" w:left="${m.left}" w:header="${m.header}" w:footer="${m.footer}" w:gutter="0"/>` +
    `<w:pgNumType${restart ? ' w:start="1"' : ''}/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>`
  );
}

function mainBody(model: ReportModel, tags: FigureTags): string {
  const out: string[] = [headerTable(model)];
  out.push(centered(textRun('BÁO CÁO', { size: SIZES.reportWord, bold: true }), { before: 360 }));
  out.push(centered(textRun(model.title, { size: SIZES.title, bold: true })));
  out.push(rule(Math.round(CONTENT_WIDTH / 4), CONTENT_WIDTH, 360));
  for (const line of model.opening.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '')) {
    out.push(bodyParagraph(textRun(line, { size: SIZES.body })));
  }
  for (const section of model.sections) {
    out.push(bodyParagraph(textRun(section.heading, { size: SIZES.body, bold: true }), { keepNext: true }));
    out.push(...sectionParagraphs(section, tags));
  }
  // The closing stays on the page of the signature block: a signature never stands alone.
  out.push(bodyParagraph(textRun(model.closing, { size: SIZES.body }), { keepNext: true, keepLines: true }));
  out.push(footerTable(model));
  return out.join('');
}

const ANNEX_HEADERS = ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu', 'Ghi chú'];

/** Twips a figure takes in Times New Roman: digits half an em, "." "," "/" about a quarter. */
export function figureWidth(text: string, size: number): number {
  const em = (size / 2) * 20;
  return [...text].reduce((w, c) => w + em * (/\d/.test(c) ? 0.5 : /[.,/:]/.test(c) ? 0.28 : 0.6), 0);
}

/** Column widths; the code and figure columns fit their longest entry, so "4.1.2.1" or "16.181/16.183" never wrap. */
function annexWidths(landscape: boolean, figures: string[] = [], codes: string[] = []): number[] {
  const total = landscape ? LANDSCAPE_CONTENT_WIDTH : CONTENT_WIDTH;
  const fixed = landscape ? [mm(18), 0, mm(35), mm(40), mm(55)] : [mm(15), 0, mm(26), mm(26), mm(24)];
  const widest = Math.max(0, ...figures.map((t) => figureWidth(t, SIZES.table)));
  fixed[3] = Math.max(fixed[3], Math.ceil(widest + 2 * CELL_PADDING + 40));
  const longestCode = Math.max(0, ...codes.map((t) => figureWidth(t, SIZES.table)));
  fixed[0] = Math.max(fixed[0], Math.ceil(longestCode + 2 * CELL_PADDING + 40));
  fixed[1] = total - fixed.reduce((a, b) => a + b, 0);
  return fixed;
}

const ANNEX_CELL_SPACING: Spacing = { before: 40, after: 40, line: 240, lineRule: 'auto' };

function annexParagraph(children: string, align: 'center' | 'left'): string {
  return paragraphXml({ align, spacing: ANNEX_CELL_SPACING }, children);
}

function annexCell(children: string, width: number, align: 'center' | 'left'): string {
  return cellXml(width, 'center', annexParagraph(children, align));
}

type AnnexRowModel = AnnexTable['rows'][number];

/** The paragraph of each cell of an annex row: STT, Chỉ tiêu, Đơn vị tính, Số liệu (its figure's control), Ghi chú. */
function annexRowParagraphs(r: AnnexRowModel, tags: FigureTags): string[] {
  const style = (bold: boolean): RunStyle => ({ size: SIZES.table, bold });
  return [
    annexParagraph(textRun(r.code, style(r.group)), 'center'),
    annexParagraph(textRun(r.name, style(r.group)), 'left'),
    annexParagraph(textRun(r.unit, style(false)), 'center'),
    annexParagraph(r.value ? tags.child(r.value, style(r.group)) : '', 'center'),
    annexParagraph(textRun(r.note, style(false)), 'left'),
  ];
}

/** The column of the annex tables that holds the figure. */
export const ANNEX_FIGURE_COLUMN = 3;

/** A cell of an annex row as "Cập nhật số liệu" writes it: its text and whether it is bold. */
export interface AnnexCellPlan {
  text: string;
  bold: boolean;
}

/** One row of an annex table as "Cập nhật số liệu" may add it: how to know it and what to write. */
export interface AnnexRowPlan {
  code: string;
  name: string;
  /** Heading rows (bold) carry no figure. */
  group: boolean;
  depth: number;
  /** The figure it shows (its control's tag key and text; held: highlighted), if any. */
  figure: { key: string; text: string; held: boolean } | null;
  /** STT, Chỉ tiêu, Đơn vị tính, Số liệu, Ghi chú, as `annexRowParagraphs` writes them. */
  cells: AnnexCellPlan[];
}

/** An annex table of the report as a fresh report would attach it, row by row in catalog order. */
export interface AnnexPlan {
  form: string;
  /** "Phụ lục I", "Biểu mẫu 3". */
  label: string;
  /** The header row's texts: how the table is known in the document. */
  header: string[];
  figureColumn: number;
  /** The table's type (points): the runs a refresh writes carry it, as the report's do. */
  font: { name: string; size: number; color: string };
  rows: AnnexRowPlan[];
}

/** The annex tables of a model, for a refresh to add the rows the document lacks. */
export function annexPlans(model: ReportModel): AnnexPlan[] {
  return model.annexes.map((annex) => ({
    form: annex.form,
    label: annex.label,
    header: [...ANNEX_HEADERS],
    figureColumn: ANNEX_FIGURE_COLUMN,
    font: { name: FONT, size: SIZES.table / 2, color: '#000000' },
    rows: annex.rows.map((r) => ({
      code: r.code,
      name: r.name,
      group: r.group,
      depth: r.depth,
      figure: r.value?.tag ? { key: r.value.tag.key, text: r.value.text, held: !!r.value.flagged } : null,
      // Bold as in annexRowParagraphs: the heading's code, name and figure.
      cells: [
        { text: r.code, bold: r.group },
        { text: r.name, bold: r.group },
        { text: r.unit, bold: false },
        { text: r.value?.text ?? '', bold: r.group },
        { text: r.note, bold: false },
      ],
    })),
  }));
}

function annexBody(annex: AnnexTable, tags: FigureTags): string {
  // Held figures ("[cần xem lại: …]") may wrap at their spaces; figures may not.
  const widths = annexWidths(
    annex.landscape,
    annex.rows.flatMap((r) => (r.value && !r.value.flagged ? [r.value.text] : [])),
    annex.rows.map((r) => r.code),
  );
  const header = rowXml(
    ANNEX_HEADERS.map((h, i) => annexCell(textRun(h, { size: SIZES.table, bold: true }), widths[i], 'center')),
    true,
  );
  const rows = annex.rows.map((r) =>
    rowXml(annexRowParagraphs(r, tags).map((p, i) => cellXml(widths[i], 'center', p))),
  );
  return (
    centered(textRun(annex.label, { size: SIZES.annexHeading, bold: true })) +
    centered(textRun(annex.title, { size: SIZES.annexHeading, bold: true })) +
    centered(textRun(annex.attachedTo, { size: SIZES.annexHeading, italics: true }), { after: 240 }) +
    tableXml(widths, 'grid', [header, ...rows])
  );
}

/** The whole report as .docx bytes. */
export async function renderReportDocx(model: ReportModel): Promise<Uint8Array> {
  const tags = new FigureTags();
  const sections = [
    { body: mainBody(model, tags), properties: sectionProperties(false, false) },
    ...model.annexes.map((a) => ({ body: annexBody(a, tags), properties: sectionProperties(a.landscape, true) })),
  ];
  // A section ends with a paragraph carrying its properties; the last one's close the body.
  const body = sections
    .map((s, i) =>
      i < sections.length - 1 ? `${s.body}<w:p><w:pPr>${s.properties}</w:pPr></w:p>` : s.body + s.properties,
    )
    .join('');
  return docxPackage({
    body,
    defaultRun: `${FONTS_XML}<w:color w:val="000000"/><w:sz w:val="${SIZES.body}"/><w:szCs w:val="${SIZES.body}"/>`,
    pageNumberHeader: pageNumberHeader(),
    emptyHeader: paragraphXml({ spacing: TIGHT }, ''),
    title: `Báo cáo ${model.title}`,
    creator: model.header.issuingBody,
    customXml: { xml: embeddedDataXml(model.data), namespace: REPORT_DATA_NAMESPACE, itemId: newDatastoreItemId() },
  });
}
