import { sites } from '../db/schema';
import type { CliCommand } from '../cli/command';

export const siteListCommand: CliCommand = {
  group: 'site',
  name: 'list',
  usage: '',
  summary: 'List the sites with their public keys and allowed origins.',
  options: {},
  run({ db }) {
    for (const s of db.select().from(sites).all()) console.log(`${s.publicKey}\t${s.name}\t${s.allowedOrigins.join(', ')}`);
    return 0;
  },
};
