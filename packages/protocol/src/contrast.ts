/*
 * What the owner's theme colour (`settings.theme.color`) can be drawn with: the widget's
 * launcher and the help center's pages both keep their text readable on it and in it.
 */

/** WCAG 2.x relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** White or near-black, whichever reads better on the owner's theme colour. */
export function textOn(background: string): string {
  return contrast(background, '#ffffff') >= contrast(background, '#111111') ? '#ffffff' : '#111111';
}

/** `color` darkened as little as needed to read as text on the light `background` (WCAG AA: 4.5:1). */
export function readableOn(color: string, background: string): string {
  const n = parseInt(color.slice(1), 16);
  for (let k = 1; k > 0; k -= 0.05) {
    const hex = `#${[n >> 16, (n >> 8) & 255, n & 255].map((c) => Math.round(c * k).toString(16).padStart(2, '0')).join('')}`;
    if (contrast(hex, background) >= 4.5) return hex;
  }
  return '#000000';
}
