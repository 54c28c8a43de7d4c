/** Vietnamese number and date style: 16.183; 49,2%; ngày 05 tháng 02 năm 2024. */

export function formatNumber(value: number, maxDecimals = 2): string {
  const negative = value < 0;
  const fixed = Math.abs(value).toFixed(maxDecimals);
  let [int, frac = ''] = fixed.split('.');
  frac = frac.replace(/0+$/, '');
  int = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (negative ? '-' : '') + int + (frac ? ',' + frac : '');
}

/** A percentage in percent points: 49.23 → "49,2%". */
export function formatPercent(points: number, maxDecimals = 1): string {
  return `${formatNumber(points, maxDecimals)}%`;
}

/**
 * A percentage with as many decimals (1 to 6) as it takes never to print 100% or 0% for what is neither:
 * 16.181/16.183 → "99,99%", not "100%".
 */
export function formatPercentDistinct(points: number): string {
  let decimals = 1;
  while (decimals < 6) {
    const shown = Number(Math.abs(points).toFixed(decimals));
    const misleading = (shown === 100 && Math.abs(points) !== 100) || (shown === 0 && points !== 0);
    if (!misleading) break;
    decimals++;
  }
  return formatPercent(points, decimals);
}

/** Small counts as officials write them: 3 → "03"; 12 → "12"; 16183 → "16.183". */
export function formatCount(value: number, leadingZero = true): string {
  if (leadingZero && Number.isInteger(value) && value > 0 && value < 10) return `0${value}`;
  return formatNumber(value, 2);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** ISO date (YYYY-MM-DD) → "ngày 05 tháng 02 năm 2024" (day < 10 and months 1–2 padded). */
export function formatDateLong(iso: string): string {
  const d = parseIsoDate(iso);
  if (!d) return 'ngày … tháng … năm …';
  const month = d.month <= 2 ? pad2(d.month) : String(d.month);
  return `ngày ${pad2(d.day)} tháng ${month} năm ${d.year}`;
}

/** ISO date → "05/02/2024". */
export function formatDateShort(iso: string): string {
  const d = parseIsoDate(iso);
  return d ? `${pad2(d.day)}/${pad2(d.month)}/${d.year}` : '…';
}

export function parseIsoDate(iso: string | undefined): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** "05/02/2024", "5/2/2024", "2024-02-05" → ISO, or null. */
export function parseVietnameseDate(text: string): string | null {
  const t = text.trim();
  if (parseIsoDate(t)) return t;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (!m) return null;
  const iso = `${m[3]}-${pad2(Number(m[2]))}-${pad2(Number(m[1]))}`;
  return parseIsoDate(iso) ? iso : null;
}

export function isoFromDate(date: Date): string {
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/**
 * A date as a cell holds it, whatever wrote it: a Date, an Excel date serial (1900 system;
 * the serial stays whole days), or text ("05/02/2024", "2024-02-05"). ISO, or null.
 */
export function isoFromCellDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : isoFromDate(value);
  if (typeof value === 'number') {
    if (!(value >= 1 && value < 2958466)) return null;
    return isoFromDate(new Date(Date.UTC(1899, 11, 30) + Math.floor(value) * 86_400_000));
  }
  if (typeof value === 'string') return parseVietnameseDate(value);
  return null;
}
