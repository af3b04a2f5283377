import { eq } from 'drizzle-orm';
import { AgentRole, Email, Password } from '@parley/protocol';
import { usageError, type CliCommand, type CliContext } from './command';
import { audit } from '../audit/audit';
import { generatePassword, hashPassword } from '../auth/password';
import { setPassword } from '../auth/password-reset';
import { newId } from '../db/ids';
import { agents } from '../db/tables';
import { InProcessEventBus } from '../realtime/in-process-bus';
import { pickAccount } from './pick-account';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** `--email` and `--password` (checked as the inbox checks them; generated when left out), or the usage error's exit code. */
function credentials(values: CliContext['values']): { email: string; password: string; generated: boolean } | number {
  const email = Email.safeParse(str(values.email)?.trim().toLowerCase());
  const given = str(values.password);
  const password = given === undefined ? { success: true as const, data: generatePassword() } : Password.safeParse(given);
  if (!email.success) return usageError('--email must be an email address');
  if (!password.success) return usageError('--password must be at least 10 characters');
  return { email: email.data, password: password.data, generated: given === undefined };
}
const printed = (c: { password: string; generated: boolean }) => (c.generated ? `\npassword: ${c.password}` : '');

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
    const given = credentials(values);
    const role = AgentRole.safeParse(values.role);
    if (typeof given === 'number') return given;
    if (!role.success) return usageError('--role must be owner, admin or agent');
    const { email, password } = given;
    if ((await db.select({ id: agents.id }).from(agents).where(eq(agents.email, email)).limit(1))[0]) return usageError(`${email} already exists`);
    const accountId = await pickAccount(db, str(values.account));
    const name = str(values.name) ?? email.split('@')[0]!;
    await db.insert(agents).values({ id: newId('ag'), accountId, email, name, role: role.data, passwordHash: await hashPassword(password) });
    console.log(`Created ${role.data} ${email}${printed(given)}`);
    return 0;
  },
};

export const agentResetPasswordCommand: CliCommand = {
  group: 'agent',
  name: 'reset-password',
  usage: '--email E [--password P]',
  summary: "Set an inbox login's password (prints a generated one unless --password is given); signs them out everywhere and lifts a lockout.",
  options: { email: { type: 'string' }, password: { type: 'string' } },
  async run({ db, values }) {
    const given = credentials(values);
    if (typeof given === 'number') return given;
    const agent = (await db.select().from(agents).where(eq(agents.email, given.email)).limit(1))[0];
    if (!agent) return usageError(`No agent has the address ${given.email}`);
    if (agent.deactivatedAt) return usageError(`${given.email} is deactivated: an owner or admin reactivates them under Settings → Agents first`);
    // This process has no open streams; the server's streams notice the revoked sessions at their next heartbeat.
    await setPassword({ db, bus: new InProcessEventBus() }, agent, given.password);
    await audit(db, { accountId: agent.accountId, id: null }, 'auth.password_reset', agent.id, { via: 'cli' });
    console.log(`New password set for ${agent.email}; their sessions are signed out.${printed(given)}`);
    return 0;
  },
};
