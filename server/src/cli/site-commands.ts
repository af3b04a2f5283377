import { OriginPattern, SiteName } from '@parley/protocol';
import { sites } from '../db/tables';
import { usageError, type CliCommand } from './command';
import { pickAccount } from './pick-account';
import { createSite, embedSnippet } from '../sites/admin';

export const siteListCommand: CliCommand = {
  group: 'site',
  name: 'list',
  usage: '',
  summary: 'List the sites with their public keys and allowed origins.',
  options: {},
  async run({ db }) {
    for (const s of await db.select().from(sites)) console.log(`${s.publicKey}\t${s.name}\t${s.allowedOrigins.join(', ')}`);
    return 0;
  },
};

export const siteCreateCommand: CliCommand = {
  group: 'site',
  name: 'create',
  usage: '--name N --origin URL [--origin URL…] [--account ID]',
  summary: 'Create a site that pages on the given origins may embed; prints its embed tag.',
  options: {
    name: { type: 'string' },
    origin: { type: 'string', multiple: true },
    account: { type: 'string' },
  },
  async run({ db, config, values }) {
    const name = SiteName.safeParse(values.name);
    const origins = OriginPattern.array()
      .min(1)
      .safeParse(values.origin ?? []);
    if (!name.success) return usageError('--name is required (at most 80 characters)');
    if (!origins.success) return usageError(`--origin: ${origins.error.issues[0]?.message ?? 'at least one is required'}`);
    const site = await createSite(db, await pickAccount(db, typeof values.account === 'string' ? values.account : undefined), name.data, origins.data);
    console.log(`Created site ${site.name} (${site.publicKey})\nEmbed it with:\n  ${embedSnippet(config.PUBLIC_URL, site.publicKey)}`);
    return 0;
  },
};
