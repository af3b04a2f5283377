import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config';
import { openStore, StoreUnavailable } from '../db/open-store';
import { commands } from './commands';

/**
 * `pnpm parley <group> <command> [--flags]`: headless administration on the same database
 * the server uses (PARLEY_DB). Each command lives in its feature folder and is listed in
 * ./commands.ts.
 */
async function main(argv: string[]): Promise<number> {
  const [group, name, ...rest] = argv;
  const command = commands.find((c) => c.group === group && c.name === name);
  if (!command) {
    console.error(`Usage: pnpm parley <command>\n\nCommands:\n${commands.map((c) => `  ${c.group} ${c.name} ${c.usage}\n      ${c.summary}`).join('\n')}`);
    return group === undefined || group === 'help' ? 0 : 2;
  }
  const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  const config = loadConfig();
  if (command.standalone) return command.run({ config, values, positionals });
  const store = await openStore(config);
  try {
    return await command.run({ db: store.db, config, values, positionals });
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError || err instanceof StoreUnavailable || err instanceof TypeError ? err.message : err);
    process.exit(1);
  },
);
