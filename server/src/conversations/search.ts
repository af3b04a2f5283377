/**
 * An FTS5 MATCH expression from free text that can never be an FTS5 syntax error or an
 * operator: every word becomes a quoted prefix term ("refund"*), all required. Undefined
 * when the text has no word characters.
 */
export function ftsQuery(text: string): string | undefined {
  const words = text.match(/[\p{L}\p{N}]+/gu)?.slice(0, 12);
  if (!words?.length) return undefined;
  return words.map((w) => `"${w}"*`).join(' ');
}
