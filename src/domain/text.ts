/** Vietnamese text without its accents, case kept: "Sở Nội vụ" → "So Noi vu". */
export function removeAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** Vietnamese text without its accents, lower case: "Sở Nội vụ" → "so noi vu". For matching, never for display. */
export function stripAccents(text: string): string {
  return removeAccents(text).toLowerCase();
}
