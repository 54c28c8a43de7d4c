import JSZip from 'jszip';

/** The floor of reading an .xlsx: unzip every entry and scan its XML once for cells. */
export async function unzipAndScan(data: Uint8Array): Promise<number> {
  const zip = await JSZip.loadAsync(data);
  let cells = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || !entry.name.endsWith('.xml')) continue;
    const xml = await entry.async('string');
    for (let i = xml.indexOf('<c '); i >= 0; i = xml.indexOf('<c ', i + 3)) cells++;
  }
  return cells;
}
