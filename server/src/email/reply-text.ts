/*
 * Mail clients send the whole thread back under a reply. What the visitor wrote is what comes
 * before the quote's attribution line, minus any quoted (`>`) lines and the signature.
 */

// "On <date>, <name> wrote:" in the languages our widget speaks most; clients wrap it over
// two lines when the name is long, so it is matched on a line joined with the next. It must
// hold a digit (the date every client writes), or a visitor's own "On Monday I wrote:" would
// cut their reply short.
const ATTRIBUTION = [
  /^On\s.+\swrote:$/i,
  /^El\s.+\sescribió:$/i,
  /^Le\s.+\sa\s+écrit\s?:$/i,
  /^Am\s.+\sschrieb\s.*:$/i,
  /^Em\s.+\sescreveu:$/i,
];
const HAS_DIGIT = /\d/;
// Outlook's header block: its separator line, or underscores before "From:".
const ORIGINAL_MESSAGE = /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Mensaje original|Message d'origine|Mensagem original)\s*-{2,}$/i;
const OUTLOOK_RULE = /^_{20,}$/;
// RFC 3676's "-- "; many clients drop the trailing space.
const SIGNATURE = /^--\s?$/;

/*
 * Bounds, because the text is anyone's who has a reply address (ask for a transcript and you
 * have one): the patterns above are only ever tried on a line short enough to be a header
 * line (a 256 KB line once froze the process for 18 s in them), and only the start of a mail
 * is read at all: the visitor's words come first, and a message keeps 5,000 characters.
 */
const MAX_ATTRIBUTION_LINE = 300;
const MAX_SCANNED = 64 * 1024;

function startsQuote(line: string, next: string): boolean {
  if (line.length > MAX_ATTRIBUTION_LINE) return false;
  const joined = next && next.length <= MAX_ATTRIBUTION_LINE ? `${line} ${next}` : line;
  return (
    ORIGINAL_MESSAGE.test(line) ||
    OUTLOOK_RULE.test(line) ||
    SIGNATURE.test(line) ||
    ATTRIBUTION.some((re) => [line, joined].some((text) => re.test(text) && HAS_DIGIT.test(text)))
  );
}

/** What the visitor wrote in a reply mail's text: empty when they wrote nothing above the quote. */
export function replyText(mailText: string): string {
  const lines = mailText.slice(0, MAX_SCANNED).replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (startsQuote(line.trim(), (lines[i + 1] ?? '').trim())) break;
    if (!line.trimStart().startsWith('>')) kept.push(line);
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
