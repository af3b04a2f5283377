import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config/config';
import type { Db } from '../db/store';

export interface CliContext {
  db: Db;
  config: Config;
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

interface CommandInfo {
  group: string;
  name: string;
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
}

/**
 * One `pnpm parley <group> <name>` command; returns the process exit code. It runs on the
 * configured database (DATABASE_URL or PARLEY_DB, migrated), unless it is `standalone` and
 * opens the databases it names itself (`db copy`).
 */
export type CliCommand =
  | (CommandInfo & { standalone?: false; run(ctx: CliContext): Promise<number> | number })
  | (CommandInfo & { standalone: true; run(ctx: Omit<CliContext, 'db'>): Promise<number> | number });

/** Prints a usage problem and returns the exit code for it. */
export function usageError(message: string): number {
  console.error(message);
  return 2;
}
