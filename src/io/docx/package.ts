/**
 * The .docx package around a written body: the few parts Word needs (styles with the
 * document's defaults, settings, the two page headers every section shares, properties)
 * and the report data as a custom XML part. Written as text and zipped once; no document
 * model is built, so a report costs about what deflating it costs.
 */
import { zipSync, strToU8 } from 'fflate';

export const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** The header parts' relationship ids, for each section's `w:headerReference`. */
export const HEADER_IDS = { pageNumber: 'rId3', empty: 'rId4' };

export interface PackageParts {
  /** `w:body` content, section properties included. */
  body: string;
  /** Run properties of the document's defaults (`w:rPrDefault`). */
  defaultRun: string;
  /** The paragraph of the header that shows the page number. */
  pageNumberHeader: string;
  /** The paragraph of the first page's header (none shown). */
  emptyHeader: string;
  title: string;
  creator: string;
  /** The report data (custom XML part), its namespace and its datastore item id. */
  customXml: { xml: string; namespace: string; itemId: string };
}

export const escapeXmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const escapeXmlAttr = (text: string) => escapeXmlText(text).replace(/"/g, '&quot;');

const relationships = (rels: [id: string, type: string, target: string][]) =>
  `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
  rels.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`).join('') +
  '</Relationships>';

export function docxPackage(parts: PackageParts): Uint8Array {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const files: Record<string, string> = {
    '[Content_Types].xml':
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/word/document.xml" ContentType="${CT}.wordprocessingml.document.main+xml"/>` +
      `<Override PartName="/word/styles.xml" ContentType="${CT}.wordprocessingml.styles+xml"/>` +
      `<Override PartName="/word/settings.xml" ContentType="${CT}.wordprocessingml.settings+xml"/>` +
      `<Override PartName="/word/header1.xml" ContentType="${CT}.wordprocessingml.header+xml"/>` +
      `<Override PartName="/word/header2.xml" ContentType="${CT}.wordprocessingml.header+xml"/>` +
      `<Override PartName="/customXml/itemProps1.xml" ContentType="${CT}.customXmlProperties+xml"/>` +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      `<Override PartName="/docProps/app.xml" ContentType="${CT}.extended-properties+xml"/>` +
      '</Types>',
    '_rels/.rels': relationships([
      ['rId1', `${REL}/officeDocument`, 'word/document.xml'],
      [
        'rId2',
        'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
        'docProps/core.xml',
      ],
      ['rId3', `${REL}/extended-properties`, 'docProps/app.xml'],
    ]),
    'word/_rels/document.xml.rels': relationships([
      ['rId1', `${REL}/styles`, 'styles.xml'],
      ['rId2', `${REL}/settings`, 'settings.xml'],
      [HEADER_IDS.pageNumber, `${REL}/header`, 'header1.xml'],
      [HEADER_IDS.empty, `${REL}/header`, 'header2.xml'],
      ['rId5', `${REL}/customXml`, '../customXml/item1.xml'],
    ]),
    'word/document.xml': `${XML_HEAD}<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:body>${parts.body}</w:body></w:document>`,
    'word/styles.xml':
      `${XML_HEAD}<w:styles xmlns:w="${W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>${parts.defaultRun}</w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>` +
      '<w:style w:type="paragraph" w:styleId="Normal" w:default="1"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
      '<w:style w:type="character" w:styleId="DefaultParagraphFont" w:default="1"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>' +
      '<w:style w:type="table" w:styleId="TableNormal" w:default="1"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>' +
      '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
      '</w:styles>',
    'word/settings.xml':
      `${XML_HEAD}<w:settings xmlns:w="${W_NS}"><w:defaultTabStop w:val="720"/><w:evenAndOddHeaders w:val="false"/>` +
      '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>',
    'word/header1.xml': `${XML_HEAD}<w:hdr xmlns:w="${W_NS}" xmlns:r="${R_NS}">${parts.pageNumberHeader}</w:hdr>`,
    'word/header2.xml': `${XML_HEAD}<w:hdr xmlns:w="${W_NS}" xmlns:r="${R_NS}">${parts.emptyHeader}</w:hdr>`,
    'customXml/item1.xml': parts.customXml.xml,
    'customXml/itemProps1.xml':
      `${XML_HEAD}<ds:datastoreItem ds:itemID="${parts.customXml.itemId}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">` +
      `<ds:schemaRefs><ds:schemaRef ds:uri="${escapeXmlAttr(parts.customXml.namespace)}"/></ds:schemaRefs></ds:datastoreItem>`,
    'customXml/_rels/item1.xml.rels': relationships([['rId1', `${REL}/customXmlProps`, 'itemProps1.xml']]),
    'docProps/core.xml':
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
      `<dc:title>${escapeXmlText(parts.title)}</dc:title><dc:creator>${escapeXmlText(parts.creator)}</dc:creator>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${now}</dcterms:modified></cp:coreProperties>`,
    'docProps/app.xml': `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>CCHC</Application></Properties>`,
  };
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, xml]) => [name, strToU8(xml)])), { level: 6 });
}
