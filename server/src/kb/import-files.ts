import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { ImportedArticle } from '@parley/protocol';
import { ImportFormatError, parseCsvArticles, parseJsonArticles, parseMarkdownArticles } from './formats';

/**
 * Reads an import from disk by its kind: a `.json` file, a `.csv` file, one `.md` file, or a
 * folder of `.md` files (not recursive: sub-folders are ignored, so drafts can sit aside).
 */
export function readArticleImport(path: string): ImportedArticle[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new ImportFormatError(`${path}: no such file or folder`);
  }
  if (isDir) {
    const names = readdirSync(path).filter((n) => n.toLowerCase().endsWith('.md')).sort();
    if (names.length === 0) throw new ImportFormatError(`${path}: the folder holds no .md files`);
    return parseMarkdownArticles(names.map((name) => ({ name, text: readFileSync(join(path, name), 'utf8') })));
  }
  const text = readFileSync(path, 'utf8');
  const name = basename(path);
  switch (extname(path).toLowerCase()) {
    case '.json':
      return parseJsonArticles(text, name);
    case '.csv':
      return parseCsvArticles(text, name);
    case '.md':
      return parseMarkdownArticles([{ name, text }]);
    default:
      throw new ImportFormatError(`${name}: unknown kind of file; use .json, .csv, .md or a folder of .md files`);
  }
}
