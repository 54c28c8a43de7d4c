/** Just enough WordprocessingML reading for assertions on generated documents. */

export function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export interface RunInfo {
  text: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  size: number | null;
  font: string | null;
  highlight: string | null;
}

export interface ParagraphInfo {
  xml: string;
  text: string;
  runs: RunInfo[];
  /** Paragraph properties. */
  jc: string | null;
  firstLine: number | null;
  after: number | null;
  line: number | null;
  hasBorderBottom: boolean;
}

function num(re: RegExp, xml: string): number | null {
  const m = re.exec(xml);
  return m ? Number(m[1]) : null;
}

export function runInfo(runXml: string): RunInfo {
  const rPr = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(runXml)?.[1] ?? '';
  const text = [...runXml.matchAll(/<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>/g)].map((m) => unescapeXml(m[1])).join('');
  return {
    text,
    bold: /<w:b\/>|<w:b w:val="(true|1)"\/>/.test(rPr),
    italic: /<w:i\/>|<w:i w:val="(true|1)"\/>/.test(rPr),
    underline: /<w:u w:val="single"/.test(rPr),
    size: num(/<w:sz w:val="(\d+)"/, rPr),
    font: /<w:rFonts w:ascii="([^"]+)"/.exec(rPr)?.[1] ?? null,
    highlight: /<w:highlight w:val="([^"]+)"/.exec(rPr)?.[1] ?? null,
  };
}

export function paragraphInfo(xml: string): ParagraphInfo {
  const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(xml)?.[1] ?? '';
  const runs = [...xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>|<w:r\s[^>]*>([\s\S]*?)<\/w:r>/g)].map((m) => runInfo(m[0]));
  return {
    xml,
    text: runs.map((r) => r.text).join(''),
    runs,
    jc: /<w:jc w:val="([^"]+)"/.exec(pPr)?.[1] ?? null,
    firstLine: num(/<w:ind [^>]*w:firstLine="(\d+)"/, pPr),
    after: num(/<w:spacing [^>]*w:after="(\d+)"/, pPr),
    line: num(/<w:spacing [^>]*w:line="(\d+)"/, pPr),
    hasBorderBottom: /<w:pBdr>[\s\S]*<w:bottom w:val="single"/.test(pPr),
  };
}

/** Paragraphs in document order (paragraphs do not nest in our documents). */
export function paragraphs(xml: string): ParagraphInfo[] {
  return [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p\s[^>]*>[\s\S]*?<\/w:p>/g)].map((m) => paragraphInfo(m[0]));
}

export function tables(xml: string): string[] {
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
}

/** Borders declared in a table's tblPr. */
export function tableBorders(tableXml: string): Record<string, string> {
  const borders = /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(tableXml)?.[1] ?? '';
  const out: Record<string, string> = {};
  for (const m of borders.matchAll(/<w:(\w+) w:val="(\w+)"/g)) out[m[1]] = m[2];
  return out;
}

export interface ContentControl {
  tag: string;
  text: string;
  xml: string;
}

/** Inline content controls (the figures); block controls around paragraphs are not listed. */
export function contentControls(xml: string): ContentControl[] {
  const innermost = /<w:sdt>((?:(?!<w:sdt>)[\s\S])*?)<\/w:sdt>/g;
  return [...xml.matchAll(innermost)]
    .filter((m) => !/<w:p[\s>]/.test(m[1]))
    .map((m) => ({
      tag: unescapeXml(/<w:tag w:val="([^"]*)"/.exec(m[1])?.[1] ?? ''),
      text: [...m[1].matchAll(/<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>/g)].map((t) => unescapeXml(t[1])).join(''),
      xml: m[0],
    }));
}

/** Block content controls around a section's generated paragraphs: tag and paragraph texts. */
export function blockControls(xml: string): { tag: string; paragraphs: string[] }[] {
  return [
    ...xml.matchAll(
      /<w:sdt><w:sdtPr>(?:(?!<\/w:sdtPr>)[\s\S])*?<w:tag w:val="(cchc-muc:[^"]*)"[\s\S]*?<\/w:sdtPr><w:sdtContent>([\s\S]*?<\/w:p>)<\/w:sdtContent><\/w:sdt>/g,
    ),
  ].map((m) => ({ tag: unescapeXml(m[1]), paragraphs: paragraphs(m[2]).map((p) => p.text) }));
}

export interface SectionProps {
  xml: string;
  width: number;
  height: number;
  orient: string | null;
  margins: { top: number; bottom: number; left: number; right: number };
  titlePage: boolean;
  pageStart: number | null;
  headers: Record<string, string>;
}

export function sections(xml: string): SectionProps[] {
  return [...xml.matchAll(/<w:sectPr>[\s\S]*?<\/w:sectPr>/g)].map((m) => {
    const s = m[0];
    const headers: Record<string, string> = {};
    for (const h of s.matchAll(/<w:headerReference w:type="(\w+)" r:id="(\w+)"\/>/g)) headers[h[1]] = h[2];
    return {
      xml: s,
      width: num(/<w:pgSz w:w="(\d+)"/, s)!,
      height: num(/<w:pgSz [^>]*w:h="(\d+)"/, s)!,
      orient: /<w:pgSz [^>]*w:orient="(\w+)"/.exec(s)?.[1] ?? null,
      margins: {
        top: num(/<w:pgMar [^>]*w:top="(\d+)"/, s)!,
        bottom: num(/<w:pgMar [^>]*w:bottom="(\d+)"/, s)!,
        left: num(/<w:pgMar [^>]*w:left="(\d+)"/, s)!,
        right: num(/<w:pgMar [^>]*w:right="(\d+)"/, s)!,
      },
      titlePage: /<w:titlePg\/>/.test(s),
      pageStart: num(/<w:pgNumType [^>]*w:start="(\d+)"/, s),
      headers,
    };
  });
}
