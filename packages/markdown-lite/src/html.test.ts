import { describe, expect, it } from 'vitest';
import { markdownHtml } from './html';

describe('markdown-lite as HTML (the server’s help center)', () => {
  it('renders what the widget renders: paragraphs, breaks, lists, bold, links opening without the opener', () => {
    expect(markdownHtml('**Returns** are free:\n\n- print the label\n- drop it off\n\nSee [the policy](https://example.com/r)\nor mail us.')).toBe(
      '<p><strong>Returns</strong> are free:</p><ul><li>print the label</li><li>drop it off</li></ul>' +
        '<p>See <a href="https://example.com/r" target="_blank" rel="noopener noreferrer">the policy</a><br>or mail us.</p>',
    );
  });

  it('escapes markup and quotes everywhere, and never links a script URL', () => {
    const out = markdownHtml('<img src=x onerror=alert(1)> [click](javascript:alert(1)) **<b>"x"</b>** https://e.example/?a="b');
    expect(out).not.toMatch(/<img|<b>|href="javascript/);
    expect(out).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(out).toContain('<strong>&#60;b&#62;&#34;x&#34;&#60;/b&#62;</strong>');
  });
});
