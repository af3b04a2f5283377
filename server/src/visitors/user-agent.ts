const MAX_USER_AGENT = 512;

// Most specific first: Edge and Opera also say "Chrome", Chrome also says "Safari".
const BROWSERS: Array<[string, RegExp]> = [
  ['Edge', /\bEdg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /\bOPR\/(\d+)/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d+)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /\b(?:HeadlessChrome|Chrome|CriOS)\/(\d+)/],
  ['Safari', /\bVersion\/(\d+)(?:\.\d*)* (?:Mobile\/\S+ )?Safari\//],
];
// iOS and Android before macOS and Linux, whose names their user agents also contain.
const SYSTEMS: Array<[string, RegExp]> = [
  ['Windows', /\bWindows\b/],
  ['iOS', /\b(?:iPhone|iPad|iPod)\b/],
  ['Android', /\bAndroid\b/],
  ['ChromeOS', /\bCrOS\b/],
  ['macOS', /\bMac OS X\b|\bMacintosh\b/],
  ['Linux', /\bLinux\b/],
];

/**
 * "Chrome 124 on Windows" from a User-Agent header, for the inbox sidebar. A dozen patterns
 * rather than a UA database: agents need the browser family, major version and OS, not the
 * device model. Non-browsers show their first product token ("curl 8"); null when empty.
 */
export function describeUserAgent(header: string | undefined): string | null {
  if (!header) return null;
  // Real user agents are a few hundred characters; the patterns only ever see that much.
  const ua = header.slice(0, MAX_USER_AGENT);
  const os = SYSTEMS.find(([, re]) => re.test(ua))?.[0];
  for (const [name, re] of BROWSERS) {
    const version = re.exec(ua)?.[1];
    if (version) return os ? `${name} ${version} on ${os}` : `${name} ${version}`;
  }
  const product = /^([A-Za-z][\w.-]{0,40})\/(\d+)/.exec(ua);
  if (product && product[1] !== 'Mozilla') return `${product[1]} ${product[2]}`;
  return os ? `Unknown browser on ${os}` : null;
}
