import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';

function html(text: string): HTMLElement {
  const root = document.createElement('div');
  render(<Markdown text={text} />, root);
  return root;
}

describe('the article preview', () => {
  it('renders headings, lists, bold and links', () => {
    const root = html('# Refunds\n\nWe refund **within 5 days**.\n\n- by card\n- by [bank](https://bank.example)');
    expect(root.querySelector('h3')?.textContent).toBe('Refunds');
    expect(root.querySelector('strong')?.textContent).toBe('within 5 days');
    expect([...root.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['by card', 'by bank']);
    expect(root.querySelector('a')?.getAttribute('href')).toBe('https://bank.example');
  });

  it('shows HTML as text and drops script links', () => {
    const root = html('<img src=x onerror=alert(1)> [click](javascript:alert(1))');
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('a')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
