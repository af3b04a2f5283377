import { describe, expect, it } from 'vitest';
import { fastestMs } from '../../test/helpers/timing';
import { replyText } from './reply-text';

describe('replyText', () => {
  it.each([
    ['Gmail', 'Thanks, that works!\n\nOn Sat, Nov 21, 2026 at 10:00 AM Acme <support@acme.example> wrote:\n> Your refund is on its way.\n'],
    ['a wrapped attribution', 'Thanks, that works!\n\nOn Sat, Nov 21, 2026 at 10:00 AM Acme Support Team <\nsupport@acme.example> wrote:\n\n> Your refund is on its way.'],
    ['Spanish', 'Thanks, that works!\n\nEl sáb, 21 nov 2026 a las 10:00, Acme (<support@acme.example>) escribió:\n> Su reembolso'],
    ['French', 'Thanks, that works!\n\nLe sam. 21 nov. 2026 à 10:00, Acme <support@acme.example> a écrit :\n> Votre remboursement'],
    ['German', 'Thanks, that works!\n\nAm Sa., 21. Nov. 2026 um 10:00 Uhr schrieb Acme <support@acme.example>:\n> Ihre Erstattung'],
    ['Portuguese', 'Thanks, that works!\n\nEm sáb., 21 de nov. de 2026 às 10:00, Acme <support@acme.example> escreveu:\n> O seu reembolso'],
    ['Outlook', 'Thanks, that works!\r\n\r\n-----Original Message-----\r\nFrom: Acme\r\nSent: Saturday\r\n\r\nYour refund is on its way.'],
    ['Outlook on the web', 'Thanks, that works!\n\n________________________________\nFrom: Acme <support@acme.example>\nYour refund is on its way.'],
    ['a signature', 'Thanks, that works!\n-- \nAda Lovelace\nAnalytical Engines Ltd'],
    ['quoted lines without an attribution', '> Your refund is on its way.\nThanks, that works!\n> Anything else?'],
  ])('keeps only what the visitor wrote above the quote (%s)', (_client, mail) => {
    expect(replyText(mail)).toBe('Thanks, that works!');
  });

  it('keeps the paragraphs of a longer reply, with at most one blank line between them', () => {
    expect(replyText('First.\n\n\n\nSecond, on Monday.\nThird.\n')).toBe('First.\n\nSecond, on Monday.\nThird.');
  });

  it('keeps a line of the visitor’s own that only looks like an attribution (no date)', () => {
    expect(replyText('On Monday I wrote:\nmy order is late.')).toBe('On Monday I wrote:\nmy order is late.');
    expect(replyText('Am Montag schrieb ich Ihnen:\nDie Bestellung fehlt.\n\nAm 21.11.2026 um 10:00 schrieb Acme <support@acme.example>:\n> Hallo')).toBe(
      'Am Montag schrieb ich Ihnen:\nDie Bestellung fehlt.',
    );
  });

  it('is empty when the visitor wrote nothing above the quote', () => {
    expect(replyText('\n\nOn Sat, Nov 21, 2026, Acme wrote:\n> Your refund is on its way.')).toBe('');
  });

  it('reads a crafted attribution-like line as fast as plain text of the same size', () => {
    // Each piece looks like a German attribution ("Am … schrieb …:") that never ends in a colon.
    const crafted = `Am ${'schrieb '.repeat(32 * 1024)}x\n`;
    const plain = `${'thanks! '.repeat(32 * 1024)}ok\n`;
    expect(replyText(crafted)).toMatch(/^Am schrieb schrieb/);
    expect(fastestMs(() => replyText(crafted), 3)).toBeLessThan(20 * fastestMs(() => replyText(plain), 3));
  });
});
