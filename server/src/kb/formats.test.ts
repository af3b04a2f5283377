import { describe, expect, it } from 'vitest';
import { exportArticles, ImportFormatError, markdownArticle, parseCsvArticles, parseJsonArticles, parseMarkdownArticles } from './formats';
import type { ArticleRow } from '../db/rows';
import { fastestMs } from '../../test/helpers/timing';

describe('JSON import', () => {
  it('reads the shared FAQ format and publishes by default', () => {
    const [a] = parseJsonArticles(JSON.stringify([{ id: 'card_arrival', title: 'Card arrival', phrasings: ["My card hasn't arrived."] }]));
    expect(a).toEqual({
      id: 'card_arrival',
      title: 'Card arrival',
      phrasings: ["My card hasn't arrived."],
      body: '',
      category: null,
      locale: null,
      status: 'published',
    });
  });

  it('names the entry and field that is wrong', () => {
    expect(() => parseJsonArticles('[{"id":"a","title":"A"},{"id":"b","title":"  "}]', 'faq.json')).toThrow(
      /faq\.json: entry 1\.title: must not be empty/,
    );
    expect(() => parseJsonArticles('{"id":', 'faq.json')).toThrow(ImportFormatError);
    expect(() => parseJsonArticles('{"id":"a"}', 'faq.json')).toThrow(ImportFormatError);
  });
});

describe('CSV import', () => {
  it('reads a header row, quoted cells with commas and line breaks, and splits phrasings on | or newlines', () => {
    const csv = 'id,title,phrasings,body,category\n' + 'refunds,"Refunds, returns","how do I get a refund|money back\ncan I return it","Go to **Orders**, then Return.",billing\n' + 'hours,Opening hours,,,\n';
    const rows = parseCsvArticles(csv);
    expect(rows.map((r) => [r.id, r.title, r.phrasings, r.body, r.category])).toEqual([
      ['refunds', 'Refunds, returns', ['how do I get a refund', 'money back', 'can I return it'], 'Go to **Orders**, then Return.', 'billing'],
      ['hours', 'Opening hours', [], '', null],
    ]);
  });

  it('refuses a file whose rows lack a title', () => {
    expect(() => parseCsvArticles('id,body\nx,hello\n', 'kb.csv')).toThrow(/kb\.csv: entry 0\.title/);
    expect(() => parseCsvArticles('id,title\n"unterminated,x\n', 'kb.csv')).toThrow(ImportFormatError);
  });
});

describe('Markdown import', () => {
  it('takes fields from front matter and the id from the file name', () => {
    const md = '---\ntitle: Reset your password\nphrasings:\n  - forgot my password\n  - cannot log in\ncategory: account\nstatus: draft\n---\nClick **Forgot password** on the login page.\n';
    const [a] = parseMarkdownArticles([{ name: 'reset-password.md', text: md }]);
    expect(a).toMatchObject({
      id: 'reset-password',
      title: 'Reset your password',
      phrasings: ['forgot my password', 'cannot log in'],
      category: 'account',
      status: 'draft',
      body: 'Click **Forgot password** on the login page.',
    });
  });

  it('uses the first heading as the title when there is no front matter', () => {
    expect(markdownArticle('shipping.md', '# Shipping times\n\nTwo to five days.')).toMatchObject({ id: 'shipping', title: 'Shipping times', body: 'Two to five days.' });
  });

  it('names the file when front matter is broken or the title is missing', () => {
    expect(() => parseMarkdownArticles([{ name: 'bad.md', text: '---\ntitle: [unclosed\n---\nx' }])).toThrow(/bad\.md: front matter/);
    expect(() => parseMarkdownArticles([{ name: 'list.md', text: '---\n- a\n---\nx' }])).toThrow(/list\.md: front matter must be a mapping/);
    expect(() => parseMarkdownArticles([{ name: 'notitle.md', text: 'just text' }])).toThrow(/notitle\.md: .*title/);
  });
});

describe('export', () => {
  it('writes the import format, so an export imports back to the same articles', () => {
    const row = {
      seq: 1, id: 'art_1', siteId: 's', slug: 'hours', title: 'Opening hours', body: '9–5', phrasings: ['when are you open'],
      category: null, locale: 'en', status: 'draft', views: 3, helpful: 1, notHelpful: 0, position: 0, createdAt: new Date(), updatedAt: new Date(),
    } satisfies ArticleRow;
    const exported = exportArticles([row]);
    expect(parseJsonArticles(JSON.stringify(exported))).toEqual(exported);
  });
});

describe('Markdown import, bounded', () => {
  it('takes the title from a heading with closing hashes, and keeps a heading-less file whole', () => {
    expect(markdownArticle('a.md', '# Refunds ##\nBody')).toMatchObject({ title: 'Refunds', body: 'Body' });
    expect(markdownArticle('b.md', '#hashtag, not a heading\nBody')).toMatchObject({ title: undefined, body: '#hashtag, not a heading\nBody' });
  });

  it('reads a crafted 48 KB heading line as fast as a plain one of the same size', () => {
    const crafted = `# ${'#'.repeat(48 * 1024)}x\nBody`;
    const plain = `# ${'a'.repeat(48 * 1024)}x\nBody`;
    expect(fastestMs(() => markdownArticle('crafted.md', crafted), 3)).toBeLessThan(20 * fastestMs(() => markdownArticle('plain.md', plain), 3));
  });
});
