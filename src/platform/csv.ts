// CSV as spreadsheets read it. Text people typed (a memo, a payer's name) may begin with what a
// spreadsheet runs as a formula (=, +, -, @, or a tab or carriage return before one): such a cell
// gets a leading apostrophe, so Excel and WPS show the text instead of running it. Plain numbers
// stay numbers, negative ones included.

const RUNNABLE = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** One cell: made inert when a spreadsheet would run it, quoted when it holds a quote, comma or line break. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = RUNNABLE.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV: cells joined by commas, lines by CRLF, with a byte-order mark so Excel reads UTF-8 Chinese. */
export function csvDocument(rows: readonly (readonly (string | number | null)[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
