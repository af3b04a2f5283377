import { eq } from 'drizzle-orm';
import type { AgentRole } from '@parley/protocol';
import { hashPassword } from '../../src/auth/password';
import { newToken } from '../../src/auth/tokens';
import { newId } from '../../src/db/ids';
import { accounts, agents, sites } from '../../src/db/tables';
import { DEMO_SITE_KEY } from '../../src/demo/seed';
import type { TestServer } from './test-server';
import { InboxClient } from './inbox-client';

export const AGENT_PASSWORD = 'agent-password-123';
let hashed: Promise<string> | undefined;

/** What the helpers below need of a server: its database (a spawned server's is opened by the test). */
type WithDb = { deps: Pick<TestServer['deps'], 'db'> };

export async function demoSite(server: WithDb) {
  return (await server.deps.db.select().from(sites).where(eq(sites.publicKey, DEMO_SITE_KEY)).limit(1))[0]!;
}

/** A second account with one site, to prove nothing crosses accounts. */
export async function createAccount(server: TestServer, name: string, origin = 'https://other.example') {
  const accountId = newId('acc');
  const db = server.deps.db;
  await db.insert(accounts).values({ id: accountId, name });
  const site = (
    await db
      .insert(sites)
      .values({ id: newId('site'), accountId, name, publicKey: `pk_${accountId.slice(4)}`, secret: newToken('sk'), allowedOrigins: [origin] })
      .returning()
  )[0]!;
  return { accountId, site };
}

/** Inserts an agent straight into the database (same password for all: hashing is slow). */
export async function createAgent(
  server: WithDb,
  opts: { email: string; role?: AgentRole; accountId?: string; languages?: string[]; skills?: string[]; maxChats?: number; name?: string },
) {
  const passwordHash = await (hashed ??= hashPassword(AGENT_PASSWORD));
  return (
    await server.deps.db
      .insert(agents)
      .values({
        id: newId('ag'),
        accountId: opts.accountId ?? (await demoSite(server)).accountId,
        email: opts.email,
        name: opts.name ?? opts.email.split('@')[0]!,
        passwordHash,
        role: opts.role ?? 'agent',
        languages: opts.languages ?? ['en'],
        skills: opts.skills ?? [],
        maxChats: opts.maxChats ?? 5,
      })
      .returning()
  )[0]!;
}

export async function loginAs(server: Pick<TestServer, 'url'>, email: string) {
  return InboxClient.login(server.url, email, AGENT_PASSWORD);
}

/**
 * The demo account's owner plus an admin and an agent (`<prefix>-admin@…`, `<prefix>-agent@…`),
 * and the owner of another account with its own site, all signed in.
 */
export async function signInTeam(server: TestServer, prefix: string) {
  const owner = await InboxClient.login(server.url);
  await createAgent(server, { email: `${prefix}-admin@example.com`, role: 'admin' });
  await createAgent(server, { email: `${prefix}-agent@example.com`, role: 'agent' });
  const other = await createAccount(server, `Rival ${prefix}`);
  await createAgent(server, { email: `${prefix}-rival@example.com`, role: 'owner', accountId: other.accountId });
  return {
    owner,
    admin: await loginAs(server, `${prefix}-admin@example.com`),
    agent: await loginAs(server, `${prefix}-agent@example.com`),
    rival: await loginAs(server, `${prefix}-rival@example.com`),
  };
}
