import { writeFileSync } from 'node:fs';
import type { CliCommand } from './command';
import type { Db } from '../db/store';
import { findSiteByKey } from '../sites/sites';
import type { SiteRow } from '../db/rows';
import { importArticlesYielding, listArticles } from '../kb/articles';
import { exportArticles, ImportFormatError } from '../kb/formats';
import { readArticleImport } from '../kb/import-files';

async function siteOrFail(db: Db, key: unknown): Promise<SiteRow | undefined> {
  const site = typeof key === 'string' ? await findSiteByKey(db, key) : undefined;
  if (!site) console.error(typeof key === 'string' ? `No site with key ${key} (see: pnpm parley site list)` : 'Missing --site KEY');
  return site;
}

export const kbImportCommand: CliCommand = {
  group: 'kb',
  name: 'import',
  usage: '--site KEY [--draft] FILE|FOLDER',
  summary: 'Import articles from JSON, CSV, a Markdown file or a folder of them; existing ids are updated.',
  options: { site: { type: 'string' }, draft: { type: 'boolean' } },
  async run({ db, values, positionals }) {
    const site = await siteOrFail(db, values.site);
    if (!site) return 2;
    const [path] = positionals;
    if (!path || positionals.length > 1) {
      console.error('Give exactly one FILE or FOLDER to import');
      return 2;
    }
    let entries;
    try {
      entries = readArticleImport(path);
    } catch (err) {
      if (!(err instanceof ImportFormatError)) throw err;
      console.error(err.message);
      return 1;
    }
    if (values.draft) entries = entries.map((e) => ({ ...e, status: 'draft' as const }));
    const { created, updated } = await importArticlesYielding(db, site.id, entries);
    console.log(`Imported ${entries.length} articles into ${site.publicKey}: ${created} created, ${updated} updated.`);
    return 0;
  },
};

export const kbExportCommand: CliCommand = {
  group: 'kb',
  name: 'export',
  usage: '--site KEY [--out FILE]',
  summary: 'Export every article (drafts too) as JSON in the import format, to stdout or a file.',
  options: { site: { type: 'string' }, out: { type: 'string' } },
  async run({ db, values }) {
    const site = await siteOrFail(db, values.site);
    if (!site) return 2;
    const json = `${JSON.stringify(exportArticles(await listArticles(db, site.id)), null, 2)}\n`;
    if (typeof values.out === 'string') writeFileSync(values.out, json);
    else process.stdout.write(json);
    return 0;
  },
};
