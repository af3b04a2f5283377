import { eq } from 'drizzle-orm';
import { AgentRole, Email, Password } from '@parley/protocol';
import { usageError, type CliCommand } from './command';
import { generatePassword, hashPassword } from '../auth/password';
import { newId } from '../db/ids';
import { agents } from '../db/schema';
import { pickAccount } from './pick-account';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export const agentCreateCommand: CliCommand = {
  group: 'agent',
  name: 'create',
  usage: '--email E --role owner|admin|agent [--name N] [--password P] [--account ID]',
  summary: 'Create an inbox login; prints a generated password unless --password is given.',
  options: {
    email: { type: 'string' },
    role: { type: 'string', default: 'agent' },
    name: { type: 'string' },
    password: { type: 'string' },
    account: { type: 'string' },
  },
  async run({ db, values }) {
    const email = Email.safeParse(str(values.email)?.trim().toLowerCase());
    const role = AgentRole.safeParse(values.role);
    const given = str(values.password);
    const password = given === undefined ? { success: true as const, data: generatePassword() } : Password.safeParse(given);
    if (!email.success) return usageError('--email must be an email address');
    if (!role.success) return usageError('--role must be owner, admin or agent');
    if (!password.success) return usageError('--password must be at least 10 characters');
    if (db.select({ id: agents.id }).from(agents).where(eq(agents.email, email.data)).get()) return usageError(`${email.data} already exists`);
    const accountId = pickAccount(db, str(values.account));
    const name = str(values.name) ?? email.data.split('@')[0]!;
    db.insert(agents)
      .values({ id: newId('ag'), accountId, email: email.data, name, role: role.data, passwordHash: await hashPassword(password.data) })
      .run();
    console.log(`Created ${role.data} ${email.data}${given === undefined ? `\npassword: ${password.data}` : ''}`);
    return 0;
  },
};
