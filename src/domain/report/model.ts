/**
 * The narrative report as plain data: header, sections with generated and own
 * paragraphs, footer and annex tables. The .docx writer only lays it out.
 */
import { applies } from '../applicability';
import { formLabel } from '../catalog/load';
import { MAIN_FORM, type Catalog, type FormDef, type FormId, type Level } from '../catalog/types';
import type { ConsolidationSummary } from '../consolidationSummary';
import type { PreviousPeriodData } from '../previousPeriod';
import { DETAIL_FIELDS, emptyDetails, type DetailField, type ReportDetails } from '../details';
import type { CellRef, FigureSet } from '../figures';
import { formatDateLong, formatDateShort } from '../format';
import { DETAILS_SHEET, planWorkbook, TEXT_SHEET } from '../layout';
import type { OutlineSection } from '../outline';
import { makePeriod, nextPeriodPhrase, periodPhrase, type Period } from '../period';
import type { Finding } from '../validate';
import { OWN_TEXT_RULE } from './ownText';
import { bindWording, fillSetting, wordingFor, type Wording, type WordingSource } from './wording';
import { ownTextRuns } from './ownPlaceholders';
import { provinceOpeningLines } from './province';
import {
  figureTagValues,
  formatFigure,
  heldKeys,
  sectionFigureParagraphs,
  shownAsRatioPart,
  tableCell,
  twinConflicts,
  type NarrativeContext,
  type Run,
} from './narrative';

export type { FigureTag, Run } from './narrative';

export interface ReportInput {
  catalog: Catalog;
  figures: FigureSet;
  details: ReportDetails;
  /** The unit's own text by outline section id; line breaks separate paragraphs. */
  texts: Record<string, string>;
  findings: Finding[];
  level?: Level;
  period?: Period;
  /** The forms' "Ghi chú" column by key, printed in the annex tables. */
  notes?: Record<string, string>;
  /** The totals' origin when the workbook consolidates units' files: the report states it. */
  consolidation?: ConsolidationSummary;
  /** The report wording (a province's override); default: the product's for the catalog. */
  wording?: Wording;
  /**
   * For a file without the injected sheets (a hand-made form): where a missing detail or text can
   * be given instead of a cell, e.g. "tệp --details". The warnings then name no cell the file lacks.
   */
  noLayout?: { details: string; texts: string };
  /** The unit's previous report ("tăng/giảm … so với cùng kỳ"), when one was given. */
  previous?: PreviousPeriodData;
}

export type ParagraphKind = 'figures' | 'text' | 'subheading' | 'placeholder';

export interface ReportParagraph {
  kind: ParagraphKind;
  runs: Run[];
}

export interface ReportSection {
  id: string;
  part: OutlineSection['part'];
  /** 1: "I. …" (bold capitals); 2: "1. …" (bold). */
  level: 1 | 2;
  heading: string;
  paragraphs: ReportParagraph[];
  /** The outline gives the section forms whose figures it states (a refresh may write them in later). */
  statesFigures?: boolean;
  /** Where among `paragraphs` the generated ones start, or would go when there are none yet. */
  figuresAt?: number;
}

export interface ReportHeader {
  /** Parent body in capitals; null for a unit with none above it in the header (UBND tỉnh). */
  parentBody: string | null;
  issuingBody: string;
  /** "Số: 125/BC-SCT" or "Số: …/BC-…". */
  number: string;
  nation: string;
  motto: string;
  /** "Hà Nam, ngày 05 tháng 02 năm 2024" or with blanks. */
  placeDate: string;
}

export interface ReportFooter {
  recipientsLabel: string;
  /** Printed lines: "- Sở Nội vụ;" … "- Lưu: VT, …." */
  recipients: string[];
  /** "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH" (capitals, one a line). */
  signerAuthority: string[];
  signerTitle: string;
  signerName: string;
}

export interface AnnexRow {
  key: string;
  code: string;
  name: string;
  unit: string;
  value: Run | null;
  note: string;
  group: boolean;
  depth: number;
}

export interface AnnexTable {
  form: FormId;
  /** "Phụ lục I", "Biểu mẫu 3". */
  label: string;
  /** Title in capitals. */
  title: string;
  /** "(Kèm theo Báo cáo số … ngày … của …)". */
  attachedTo: string;
  landscape: boolean;
  rows: AnnexRow[];
}

/** What the .docx carries for the Word side (custom XML part). */
export interface EmbeddedReportData {
  version: 1;
  catalogId: string;
  level: Level | null;
  period: Period | null;
  details: ReportDetails;
  figures: Record<string, number | null>;
  /** Text of each content control by tag key, as written. */
  shown: Record<string, string>;
  /** The province's wording tables the report was written in (absent: the product's own). */
  wording?: WordingSource;
}

export interface ReportModel {
  header: ReportHeader;
  /** "BÁO CÁO" is printed above it. */
  title: string;
  /** The unit's opening (line breaks separate paragraphs) or a generated one. */
  opening: string;
  sections: ReportSection[];
  closing: string;
  footer: ReportFooter;
  annexes: AnnexTable[];
  warnings: string[];
  /** The cell a warning is about, by the warning's text, where it names one (the pane links it). */
  warningCells: Record<string, CellRef>;
  data: EmbeddedReportData;
}

export const PLACEHOLDER = '…';
export const NATION = wordingFor().settings.nation;
export const MOTTO = wordingFor().settings.motto;

const upper = (s: string) => s.trim().toUpperCase();

function lines(text: string | undefined): string[] {
  return (text ?? '').split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
}

/** "a) Về …" typed in the unit's own text is a third-level heading. */
const SUBHEADING = /^\s*[a-zđ]\)\s+\S/;

/** A line of the unit's own text saying where the generated figures go. */
export const FIGURES_MARK = /^\s*[{[]\s*số liệu\s*[}\]]\s*$/i;

function ownParagraphs(text: string | undefined, fill: (line: string) => Run[]): ReportParagraph[] {
  return lines(text).map((line) =>
    FIGURES_MARK.test(line)
      ? { kind: 'placeholder', runs: [{ text: line }] }
      : { kind: SUBHEADING.test(line) ? 'subheading' : 'text', runs: fill(line) },
  );
}

/**
 * The figures go where the unit marks "{số liệu}"; without a mark, after the unit's opening
 * paragraphs (its context: "Căn cứ …, Sở đã ban hành …") and before its first "a) …" heading.
 */
function placeOwnText(
  own: ReportParagraph[],
  figures: ReportParagraph[],
): { paragraphs: ReportParagraph[]; at: number } {
  const mark = own.findIndex((p) => p.kind === 'placeholder');
  if (mark >= 0)
    return {
      paragraphs: [...own.slice(0, mark), ...figures, ...own.slice(mark + 1).filter((p) => p.kind !== 'placeholder')],
      at: mark,
    };
  let at = own.findIndex((p) => p.kind === 'subheading' || /^\s*[-–+•]/.test(p.runs[0].text));
  if (at < 0) at = own.length;
  return { paragraphs: [...own.slice(0, at), ...figures, ...own.slice(at)], at };
}

/** The detail and text cells of a catalog's layout (planned once per catalog: the plan is the whole workbook). */
const detailCells = new WeakMap<Catalog, { where: Map<string, string>; cells: Map<string, CellRef> }>();

function inputCells(catalog: Catalog, placed?: Map<string, CellRef>): Map<string, string> {
  let hit = detailCells.get(catalog);
  if (!hit) {
    hit = { where: new Map(), cells: new Map() };
    for (const input of planWorkbook(catalog).inputs) {
      if (input.kind !== 'detail' && input.kind !== 'text') continue;
      const where = `trang tính ${input.sheet}, ô ${input.address}`;
      hit.where.set(`${input.kind}:${input.id}`, where);
      hit.cells.set(where, { sheet: input.sheet, address: input.address });
    }
    detailCells.set(catalog, hit);
  }
  for (const [where, cell] of hit.cells) placed?.set(where, cell);
  return new Map(hit.where);
}

/** Warnings name their cell as "(trang tính X, ô Y)": that cell, for each warning naming one. */
function cellsOfWarnings(
  warnings: string[],
  placed: Map<string, CellRef>,
  fromFindings: [string, Finding][],
): Record<string, CellRef> {
  const out: Record<string, CellRef> = {};
  for (const w of warnings) {
    for (const [where, cell] of placed) {
      if (w.includes(`(${where})`)) {
        out[w] = cell;
        break;
      }
    }
  }
  for (const [w, f] of fromFindings) if (f.cells[0]) out[w] = f.cells[0];
  return out;
}

function periodOf(input: ReportInput, d: ReportDetails): Period | null {
  if (input.period) return input.period;
  if (!d.periodKind || !d.year) return null;
  return makePeriod(d.periodKind, d.year, { from: d.from, to: d.to });
}

/** Recipient lines as printed: "- X;" each, the archive line last: "- Lưu: VT, …." */
export function recipientLines(list: string[]): string[] {
  const clean = list
    .flatMap((l) => l.split(/\r\n|\r|\n/))
    .map((l) =>
      l
        .trim()
        .replace(/^[-–•+]\s*/, '')
        .replace(/[;.,\s]+$/, ''),
    )
    .filter(Boolean);
  const isArchive = (l: string) => /^lưu\b/i.test(l);
  const others = clean.filter((l) => !isArchive(l));
  const archive = clean.find(isArchive) ?? 'Lưu: VT, …';
  return [...(others.length ? others : [PLACEHOLDER]).map((l) => `- ${l};`), `- ${archive}.`];
}

/** "Số: 125/BC-SCT"; a number left for signing keeps its blank. */
function numberLine(number: string): string {
  const n = number.trim();
  if (!n) return `Số: ${PLACEHOLDER}/BC-${PLACEHOLDER}`;
  return `Số: ${n.startsWith('/') ? PLACEHOLDER + n : n}`;
}

/** Details as typed, with absent or mistyped fields read as empty. */
function normalizeDetails(raw: Partial<ReportDetails> | null | undefined): ReportDetails {
  const d = { ...emptyDetails(), ...(raw ?? {}) } as ReportDetails;
  const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
  return {
    ...d,
    unit: str(d.unit),
    parentBody: str(d.parentBody),
    from: str(d.from),
    to: str(d.to),
    number: str(d.number),
    place: str(d.place),
    date: str(d.date),
    signerAuthority: str(d.signerAuthority),
    signerTitle: str(d.signerTitle),
    signerName: str(d.signerName),
    recipients: Array.isArray(d.recipients) ? d.recipients.map(str) : [],
  };
}

function detailWarnings(
  d: ReportDetails,
  level: Level | null,
  period: Period | null,
  cells: Map<string, string>,
  fallback: string,
): string[] {
  const out: string[] = [];
  const label = (f: DetailField) => DETAIL_FIELDS.find((x) => x.field === f)?.label ?? f;
  const where = (f: DetailField) => cells.get(`detail:${f}`) ?? fallback;
  const missing = (f: DetailField, consequence = `báo cáo tạm để "${PLACEHOLDER}"`) =>
    out.push(`Chưa có "${label(f)}" (${where(f)}): ${consequence}.`);
  if (!d.unit.trim()) missing('unit');
  if (!d.parentBody.trim() && level !== 'tinh') missing('parentBody');
  if (!period) {
    if (!d.periodKind) missing('periodKind', `tiêu đề và đoạn kết để "${PLACEHOLDER}"`);
    if (!d.year) missing('year', `tiêu đề và đoạn kết để "${PLACEHOLDER}"`);
  }
  if (!d.number.trim()) missing('number', `để "${PLACEHOLDER}/BC-${PLACEHOLDER}" để điền khi ban hành`);
  if (!d.place.trim()) missing('place');
  if (!d.date.trim())
    missing('date', `để "ngày ${PLACEHOLDER} tháng ${PLACEHOLDER} năm ${PLACEHOLDER}" để điền khi ký`);
  if (!d.signerTitle.trim()) missing('signerTitle');
  if (!d.signerName.trim()) missing('signerName');
  if (d.recipients.every((r) => !r.trim()))
    missing('recipients', `danh sách nơi nhận chỉ có "Lưu: VT, ${PLACEHOLDER}"`);
  return out;
}

function sectionHeading(section: OutlineSection, period: Period | null): string {
  if (period && /KỲ TỚI$/.test(section.heading))
    return section.heading.replace(/KỲ TỚI$/, upper(nextPeriodPhrase(period)));
  return section.heading;
}

function annexTable(
  ctx: NarrativeContext,
  form: FormDef,
  period: Period | null,
  attachedTo: string,
  notes: Record<string, string>,
): AnnexTable {
  const rows: AnnexRow[] = [];
  for (const ind of form.indicators) {
    if (!applies(ind, ctx) || shownAsRatioPart(ctx, ind)) continue;
    rows.push({
      key: ind.key,
      code: ind.code,
      name: ind.name,
      unit: ind.kind === 'percent' ? '%' : ind.unit,
      value: tableCell(ctx, ind),
      note: notes[ind.key] ?? '',
      group: ind.kind === 'group',
      depth: ind.depth,
    });
  }
  const title = form.id === 'PL1' && period ? `${upper(form.title)} ${upper(periodPhrase(period))}` : upper(form.title);
  // Long figures or notes do not fit the portrait column widths.
  const landscape = rows.some(
    (r) => (r.value && !r.value.flagged ? r.value.text.length : 0) > 16 || r.note.length > 40,
  );
  return { form: form.id, label: formLabel(form.id), title, attachedTo, landscape, rows };
}

/**
 * A Biểu mẫu is attached with its filled rows and their headings only: a whole form of empty
 * rows for a few figures reads as unfinished. Phụ lục I keeps every row (its layout is prescribed).
 */
function onlyFilledRows(table: AnnexTable): AnnexTable {
  const keep = table.rows.map((r) => !!r.value || r.note.trim() !== '');
  // A heading stays when a row under it (deeper, before the next row of its depth) stays.
  for (let i = table.rows.length - 1; i >= 0; i--) {
    if (keep[i] || !table.rows[i].group) continue;
    for (let j = i + 1; j < table.rows.length && table.rows[j].depth > table.rows[i].depth; j++)
      if (keep[j]) keep[i] = true;
  }
  return { ...table, rows: table.rows.filter((_, i) => keep[i]) };
}

function collectShown(runs: Run[], into: Record<string, string>) {
  for (const r of runs) if (r.tag) into[r.tag.key] = r.tag.value;
}

/** Builds the report; missing details give "…" and a warning, never an exception. */
export function buildReportModel(input: ReportInput): ReportModel {
  const { catalog, figures } = input;
  const details = normalizeDetails(input.details);
  const texts = input.texts ?? {};
  const level = input.level ?? details.level ?? null;
  const period = periodOf(input, details);
  const placed = new Map<string, CellRef>();
  const cells = input.noLayout ? new Map<string, string>() : inputCells(catalog, placed);
  const textWhere = (id: string) => cells.get(`text:${id}`) ?? input.noLayout?.texts ?? `trang tính ${TEXT_SHEET}`;
  const warnings: string[] = [];

  const ownText = (f: Finding) => f.rule.startsWith(OWN_TEXT_RULE);
  const errors = (input.findings ?? []).filter((f) => f.severity === 'error' && !ownText(f));
  const wording = bindWording(catalog, input.wording ?? wordingFor(catalog.id));
  const { outline, settings } = wording;
  const base: NarrativeContext = {
    catalog,
    figures,
    flagged: new Set(errors.flatMap((f) => f.keys)),
    wording,
    level: level ?? undefined,
    period: period ?? undefined,
    consolidation: input.consolidation,
    previous: input.previous,
  };
  // One fact typed differently on two forms: neither is stated, the warning says both.
  for (const [a, b] of twinConflicts(base)) {
    const said = (key: string) => {
      const ind = catalog.byKey.get(key)!;
      return `${formLabel(ind.form)} mục ${ind.code} ghi ${formatFigure(ind, figures.values[key]!, figures)}`;
    };
    warnings.push(
      `${said(a)}, ${said(b)} cho cùng một nội dung: báo cáo để "[cần xem lại: …]" cho đến khi hai biểu khớp nhau.`,
    );
  }
  const flagged = heldKeys(base);
  const ctx: NarrativeContext = { ...base, flagged };
  // "{1.1.2}" in the unit's own words: the same text and tag as a generated figure.
  const values = figureTagValues(catalog, figures, ctx);
  const fillFor = (sectionId: string) => (line: string) => {
    const { runs, problems } = ownTextRuns(catalog, line, values, flagged);
    for (const p of problems) warnings.push(`Lời văn mục ${sectionId} (${textWhere(sectionId)}): ${p.token} ${p.why}.`);
    return runs;
  };

  warnings.push(
    ...detailWarnings(details, level, period, cells, input.noLayout?.details ?? `trang tính ${DETAILS_SHEET}`),
  );

  const unit = details.unit.trim() || PLACEHOLDER;
  const periodText = period ? periodPhrase(period) : `kỳ ${PLACEHOLDER}`;
  const nextText = period ? nextPeriodPhrase(period) : 'kỳ tới';

  const header: ReportHeader = {
    parentBody: details.parentBody.trim() ? upper(details.parentBody) : level === 'tinh' ? null : PLACEHOLDER,
    issuingBody: details.unit.trim() ? upper(details.unit) : PLACEHOLDER,
    number: numberLine(details.number),
    nation: settings.nation,
    motto: settings.motto,
    placeDate: `${details.place.trim() || PLACEHOLDER}, ${formatDateLong(details.date)}`,
  };
  const fill = (template: string) => fillSetting(template, { kỳ: periodText, 'kỳ tới': nextText, 'đơn vị': unit });
  const title = fill(settings.title);

  const openingLines = lines(texts['mo-dau']);
  let opening: string;
  if (openingLines.length > 0) opening = openingLines.join('\n');
  else {
    opening = fill(settings.opening);
    warnings.push(
      `Chưa có phần mở đầu (căn cứ, kế hoạch được thực hiện) (${textWhere('mo-dau')}): dùng câu mở đầu chung.`,
    );
  }
  // A consolidating office says whose reports its totals gather and who sent none.
  opening = [opening, ...provinceOpeningLines(input.consolidation, settings)].join('\n');

  const sections: ReportSection[] = [];
  for (const section of outline) {
    if (section.id === 'mo-dau') continue;
    const level1 = !section.id.includes('.');
    const hasChildren = outline.some((s) => s.id.startsWith(`${section.id}.`));
    const paragraphs: ReportParagraph[] = [];
    const figures: ReportParagraph[] = [];
    if (section.part === 'I' || section.part === 'II') {
      const generated = sectionFigureParagraphs(ctx, section, outline);
      figures.push(...generated.paragraphs.map((runs) => ({ kind: 'figures' as const, runs })));
      for (const where of generated.empty)
        warnings.push(`Chưa có số liệu ${where} (mục "${section.heading}"): báo cáo không nêu phần này.`);
    }
    const placed = placeOwnText(ownParagraphs(texts[section.id], fillFor(section.id)), figures);
    paragraphs.push(...placed.paragraphs);
    const heading = sectionHeading(section, period);
    if (paragraphs.length === 0 && !(level1 && hasChildren)) {
      if (section.part === 'V') continue; // "Đề xuất, kiến nghị (nếu có)".
      paragraphs.push({ kind: 'placeholder', runs: [{ text: PLACEHOLDER }] });
      warnings.push(`Mục "${heading}" chưa có nội dung (${textWhere(section.id)}): báo cáo tạm để "${PLACEHOLDER}".`);
    }
    const statesFigures = (section.part === 'I' || section.part === 'II') && !!section.forms?.length;
    sections.push({
      id: section.id,
      part: section.part,
      level: level1 ? 1 : 2,
      heading,
      paragraphs,
      ...(statesFigures ? { statesFigures, figuresAt: placed.at } : {}),
    });
  }

  const closing = fill(settings.closing);

  const footer: ReportFooter = {
    recipientsLabel: settings.recipientsLabel,
    recipients: recipientLines(details.recipients),
    signerAuthority: lines(details.signerAuthority).map(upper),
    signerTitle: details.signerTitle.trim() ? upper(details.signerTitle) : PLACEHOLDER,
    signerName: details.signerName.trim() || PLACEHOLDER,
  };

  const numberText = details.number.trim()
    ? numberLine(details.number).slice('Số: '.length)
    : `${PLACEHOLDER}/BC-${PLACEHOLDER}`;
  const attachedTo = `(Kèm theo Báo cáo số ${numberText} ngày ${formatDateShort(details.date)} của ${unit})`;
  const annexes: AnnexTable[] = [];
  const leftOut: string[] = [];
  for (const form of catalog.forms) {
    const table = annexTable(ctx, form, period, attachedTo, input.notes ?? {});
    if (table.rows.some((r) => r.value)) annexes.push(form.id === MAIN_FORM ? table : onlyFilledRows(table));
    else if (form.indicators.some((i) => i.kind !== 'title' && i.kind !== 'group' && applies(i, ctx)))
      leftOut.push(formLabel(form.id));
  }
  if (leftOut.length > 0)
    warnings.push(`Không kèm theo ${leftOut.join(', ')} vì chưa có số liệu nào (chỉ kèm các biểu có số liệu).`);

  const errorWarning = (f: Finding) =>
    `Số liệu còn lỗi, báo cáo để "[cần xem lại: …]" thay cho số liệu (tô vàng): ${f.message}`;
  const textWarning = (f: Finding) => `Lời văn cần xem lại: ${f.message}`;
  const fromFindings: [string, Finding][] = [
    ...errors.map((f): [string, Finding] => [errorWarning(f), f]),
    ...(input.findings ?? []).filter(ownText).map((f): [string, Finding] => [textWarning(f), f]),
  ];
  warnings.push(...fromFindings.map(([w]) => w));
  const warningCells = cellsOfWarnings(warnings, placed, fromFindings);

  const shown: Record<string, string> = {};
  for (const s of sections) for (const p of s.paragraphs) collectShown(p.runs, shown);
  for (const a of annexes) for (const r of a.rows) if (r.value) collectShown([r.value], shown);

  const data: EmbeddedReportData = {
    version: 1,
    catalogId: catalog.id,
    level,
    period,
    details,
    figures: { ...figures.values },
    shown,
    ...(input.wording?.overrides ? { wording: input.wording.overrides } : {}),
  };
  return { header, title, opening, sections, closing, footer, annexes, warnings, warningCells, data };
}

// ---------------------------------------------------------------------------
// The embedded data as a custom XML part (read back by the docx reader and the Word add-in)

export const REPORT_DATA_NAMESPACE = 'urn:cchc:report-data:1';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export function embeddedDataXml(data: EmbeddedReportData): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<cchc:report xmlns:cchc="${REPORT_DATA_NAMESPACE}" cchc:version="${data.version}" cchc:catalog="${escapeXml(data.catalogId)}">` +
    `<cchc:json>${escapeXml(JSON.stringify(data))}</cchc:json></cchc:report>`
  );
}

/** Reads our custom XML part back; null when it is not ours or is damaged. */
export function parseEmbeddedDataXml(xml: string): EmbeddedReportData | null {
  if (!xml.includes(REPORT_DATA_NAMESPACE)) return null;
  const m = /<(?:[\w.-]+:)?json\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?json>/.exec(xml);
  if (!m) return null;
  try {
    const data = JSON.parse(unescapeXml(m[1])) as EmbeddedReportData;
    if (data?.version !== 1 || typeof data.catalogId !== 'string' || typeof data.figures !== 'object' || !data.details)
      return null;
    return data;
  } catch {
    return null;
  }
}
