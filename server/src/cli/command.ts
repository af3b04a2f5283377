import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config/config';
import type { Db } from '../db/store';

export interface CliContext {
  db: Db;
  config: Config;
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** One `pnpm parley <group> <name>` command; returns the process exit code. */
export interface CliCommand {
  group: string;
  name: string;
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CliContext): Promise<number> | number;
}

/** Prints a usage problem and returns the exit code for it. */
export function usageError(message: string): number {
  console.error(message);
  return 2;
}
