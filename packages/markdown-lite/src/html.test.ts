import { describe, expect, it } from 'vitest';
import { markdownHtml } from './html';
import { videoOf } from './walk';

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

  it('knows the allow-listed video providers’ addresses, and plays YouTube from its no-cookie domain', () => {
    const yt = 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1';
    for (const url of [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42',
      'https://youtu.be/dQw4w9WgXcQ?si=abc',
      'https://m.youtube.com/shorts/dQw4w9WgXcQ',
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    ])
      expect(videoOf(url), url).toEqual({ provider: 'YouTube', url, embed: yt });
    expect(videoOf('https://vimeo.com/76979871')?.embed).toBe('https://player.vimeo.com/video/76979871?autoplay=1&dnt=1');
    expect(videoOf('https://player.vimeo.com/video/76979871')?.provider).toBe('Vimeo');
    for (const url of [
      'http://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
      'https://evil.example/youtu.be/dQw4w9WgXcQ',
      'https://youtu.be/dQw4w9WgXcQx',
      'https://vimeo.com/channels/staffpicks',
    ])
      expect(videoOf(url), url).toBeUndefined();
  });

  it('makes a video of an address alone in its paragraph, numbered in order; inside text it stays a link', () => {
    const seen: string[] = [];
    const out = markdownHtml('Watch:\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nOr see https://vimeo.com/1 here.\n\nhttps://vimeo.com/2', (v, i) => {
      seen.push(`${i}:${v.provider}`);
      return `[video ${i}]`;
    });
    expect(seen).toEqual(['0:YouTube', '1:Vimeo']);
    expect(out).toBe('<p>Watch:</p>[video 0]<p>Or see <a href="https://vimeo.com/1" target="_blank" rel="noopener noreferrer">https://vimeo.com/1</a> here.</p>[video 1]');
    expect(markdownHtml('https://youtu.be/dQw4w9WgXcQ')).toContain('<a href="https://youtu.be/dQw4w9WgXcQ"');
  });
});
