/*
 * CSV for spreadsheets, where a cell that starts like a formula is run as one: a visitor or agent
 * can put `=HYPERLINK(…)` in a name, and whoever opens the export runs it. Every cell is quoted,
 * and text that starts a formula (= + - @), at the start of the cell or of any line or tab-
 * separated field inside it (some spreadsheets split on those), gets a leading apostrophe, the
 * usual way to say "text". Numbers are written as they are.
 */
const FORMULA_START = /(?<=^|[\r\n\t])(?=[=+\-@\t\r])/g;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '""';
  const text = typeof v === 'number' ? String(v) : String(v).replace(FORMULA_START, "'");
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
