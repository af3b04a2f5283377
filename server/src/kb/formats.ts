import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { ArticleImportFile, type ImportedArticle } from '@parley/protocol';
import type { ArticleRow } from '../db/rows';

/** A file that cannot be imported; the message says where and why, for a person to fix it. */
export class ImportFormatError extends Error {}

/** Validates raw entries against the import schema, naming the first bad entry and field. */
/** Articles already parsed from JSON (an API body): checked against the shared FAQ format. */
export function validated(raw: unknown, source: string): ImportedArticle[] {
  const parsed = ArticleImportFile.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `entry ${issue.path.join('.')}: ` : '';
  throw new ImportFormatError(`${source}: ${where}${issue?.message ?? 'invalid'}`);
}

/** `[{ id, title, phrasings[], body?, category?, locale?, status? }]` — the shared FAQ format. */
export function parseJsonArticles(text: string, source = 'JSON'): ImportedArticle[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ImportFormatError(`${source}: not valid JSON (${(err as Error).message})`);
  }
  return validated(raw, source);
}

/**
 * A header row naming the columns (`id,title,phrasings,body,category,locale,status`; only
 * `id` and `title` are required), one article per row. `phrasings` holds several phrasings
 * separated by `|` or line breaks inside the quoted cell.
 */
export function parseCsvArticles(text: string, source = 'CSV'): ImportedArticle[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, bom: true, trim: true });
  } catch (err) {
    throw new ImportFormatError(`${source}: ${(err as Error).message}`);
  }
  const raw = rows.map(({ phrasings, category, locale, status, body, ...rest }) => ({
    ...rest,
    phrasings: (phrasings ?? '').split(/\r?\n|\|/).map((p) => p.trim()).filter((p) => p !== ''),
    ...(body ? { body } : {}),
    ...(category ? { category } : {}),
    ...(locale ? { locale } : {}),
    ...(status ? { status } : {}),
  }));
  return validated(raw, source);
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * The text's first line as a `# Heading` (closing hashes and blanks dropped), and what follows
 * it. Scanned by hand: a pattern for it backtracked quadratically on a long heading line
 * (3.8 s for 48 KB), and an imported file is up to megabytes of text from anyone with an
 * admin's session.
 */
function leadingHeading(text: string): { title: string; rest: string } | undefined {
  const end = text.indexOf('\n');
  let line = end < 0 ? text : text.slice(0, end);
  if (line.endsWith('\r')) line = line.slice(0, -1);
  if (line[0] !== '#' || (line[1] !== ' ' && line[1] !== '\t')) return undefined;
  let stop = line.length;
  while (stop > 1 && ' \t#'.includes(line[stop - 1]!)) stop--;
  const title = line.slice(1, stop).trim();
  return title ? { title, rest: end < 0 ? '' : text.slice(end + 1) } : undefined;
}

/**
 * A Markdown file with optional YAML front matter (`title`, `phrasings`, `category`,
 * `locale`, `status`, `id`); the rest is the body. The id defaults to the file name without
 * `.md`, the title to the first `# Heading`, which then leaves the body.
 */
export function markdownArticle(fileName: string, text: string): unknown {
  const m = FRONT_MATTER.exec(text);
  let meta: Record<string, unknown> = {};
  if (m) {
    let parsed: unknown;
    try {
      parsed = parseYaml(m[1] ?? '');
    } catch (err) {
      throw new ImportFormatError(`${fileName}: front matter is not valid YAML (${(err as Error).message})`);
    }
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      throw new ImportFormatError(`${fileName}: front matter must be a mapping of fields`);
    }
    meta = (parsed ?? {}) as Record<string, unknown>;
  }
  let body = m ? text.slice(m[0].length) : text;
  let title = meta.title;
  if (title === undefined) {
    const heading = leadingHeading(body.trimStart());
    if (heading) {
      title = heading.title;
      body = heading.rest;
    }
  }
  return { id: fileName.replace(/\.md$/i, ''), ...meta, title, body: body.trim() };
}

/** Several Markdown files (a folder), validated together so errors name the file. */
export function parseMarkdownArticles(files: readonly { name: string; text: string }[]): ImportedArticle[] {
  return files.map((f) => {
    const [entry] = validated([markdownArticle(f.name, f.text)], f.name);
    return entry as ImportedArticle;
  });
}

/** The JSON import format, so an export imports back unchanged (drafts stay drafts). */
export function exportArticles(rows: readonly ArticleRow[]): ImportedArticle[] {
  return rows.map((r) => ({
    id: r.slug,
    title: r.title,
    phrasings: r.phrasings,
    body: r.body,
    category: r.category,
    locale: r.locale,
    status: r.status,
  }));
}
