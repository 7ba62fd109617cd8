export type CsvValue = string | number | null | undefined;

/**
 * Text a spreadsheet would read as a formula (OWASP's CSV injection list): a member's note such as
 * `=HYPERLINK(…)` must open as the text they typed, so it gets a leading single quote.
 */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break, with quotes
 * doubled; empty for null. Text that starts like a formula is neutralised; numbers are the bot's own and
 * stay numbers.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' && formulaStart.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header and rows as CSV text, lines ending in CRLF as RFC 4180 asks. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
