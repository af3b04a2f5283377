import type { CliCommand } from './command';
import { agentCreateCommand, agentResetPasswordCommand } from './agent-commands';
import { dbCopyCommand, dbMigrateCommand } from './db-commands';
import { kbExportCommand, kbImportCommand } from './kb-commands';
import { siteCreateCommand, siteListCommand } from './site-commands';

/** Every CLI command; a feature adds its own by exporting a CliCommand and listing it here. */
export const commands: CliCommand[] = [siteListCommand, siteCreateCommand, agentCreateCommand, agentResetPasswordCommand, kbImportCommand, kbExportCommand, dbMigrateCommand, dbCopyCommand];
