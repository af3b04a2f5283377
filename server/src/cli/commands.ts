import type { CliCommand } from './command';
import { agentCreateCommand } from '../agents/cli';
import { kbExportCommand, kbImportCommand } from '../kb/cli';
import { siteCreateCommand, siteListCommand } from '../sites/cli';

/** Every CLI command; a feature adds its own by exporting a CliCommand and listing it here. */
export const commands: CliCommand[] = [siteListCommand, siteCreateCommand, agentCreateCommand, kbImportCommand, kbExportCommand];
