import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Markdown } from './index';

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

  it('renders numbered lists, italics, code, line breaks and mail links', () => {
    const el = html('1. open *Settings*\n2. type `reset`\n\nStill stuck?\nWrite to [us](mailto:help@example.com).');
    expect(el.querySelector('ol')?.textContent).toBe('open Settingstype reset');
    expect(el.querySelector('em')?.textContent).toBe('Settings');
    expect(el.querySelector('code')?.textContent).toBe('reset');
    expect(el.querySelector('p br')).not.toBeNull();
    expect(el.querySelector('a')?.getAttribute('href')).toBe('mailto:help@example.com');
  });

  it('shows "#" headings as the plain text visitors see, not as headings', () => {
    const el = html('# Refunds\n\nWe refund within 5 days.');
    expect(el.querySelector('h1, h2, h3, h4, h5, h6')).toBeNull();
    expect(el.querySelector('p')?.textContent).toBe('# Refunds');
  });

  it('shows HTML and script URLs from the network as text, never as markup or links', () => {
    const el = html('<img src=x onerror=alert(1)> [click](javascript:alert(1)) <b>hi</b>');
    expect(el.querySelector('img, b, a')).toBeNull();
    expect(el.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

it('renders a run of brackets as fast as plain text of the same length', () => {
  const fastest = (text: string) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      html(text);
      best = Math.min(best, performance.now() - start);
    }
    return best;
  };
  const crafted = '['.repeat(20_000);
  expect(html(crafted).textContent).toBe(crafted);
  expect(fastest(crafted)).toBeLessThan(20 * fastest('a'.repeat(20_000)));
});
