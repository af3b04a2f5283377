import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Email, Phone } from '@parley/protocol';
import { Markdown } from './markdown';
import { EMAIL, PHONE } from './validate';

function html(text: string): HTMLElement {
  const el = document.createElement('div');
  render(<Markdown text={text} />, el);
  return el;
}

describe('markdown-lite', () => {
  it('renders bold, lists and links that open in a new tab without the opener', () => {
    const el = html('**Returns** are free:\n\n- print the label\n- drop it off\n\nSee [the policy](https://example.com/r) or https://example.com/faq.');
    expect(el.querySelector('strong')?.textContent).toBe('Returns');
    expect([...el.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['print the label', 'drop it off']);
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => [a.getAttribute('href'), a.target, a.rel])).toEqual([
      ['https://example.com/r', '_blank', 'noopener noreferrer'],
      ['https://example.com/faq', '_blank', 'noopener noreferrer'],
    ]);
  });

  it('shows HTML and script URLs from the network as text, never as markup or links', () => {
    const el = html('<img src=x onerror=alert(1)> [click](javascript:alert(1)) <b>hi</b>');
    expect(el.querySelector('img, b, a')).toBeNull();
    expect(el.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('contact validation', () => {
  it.each(['ada@example.com', 'a.b+c@mail.example.org', 'nope', 'a@b', 'a @b.com', '@example.com'])('email %s: widget agrees with the server', (v) => {
    expect(EMAIL.test(v)).toBe(Email.safeParse(v).success);
  });
  it.each(['+1 555 010 0000', '(030) 1234567', '12', 'call me', '+44-20-7946-0958'])('phone %s: widget agrees with the server', (v) => {
    expect(PHONE.test(v)).toBe(Phone.safeParse(v).success);
  });
});
