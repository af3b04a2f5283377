import { loadConfig } from '../../src/config/config';
import { startServer, type RunningServer } from '../../src/server';
import { testDatabase, type TestDatabase } from './test-db';

export interface TestServer extends RunningServer {
  /** Its database, to restart a server on or hand to the CLI (`testDb.env`). */
  testDb: TestDatabase;
  stop(): Promise<void>;
}

/**
 * The real server in this process: real HTTP on a free 127.0.0.1 port, a real database of its
 * own (SQLite, or PostgreSQL under `pnpm test:pg`). The bot is off unless a test turns it on
 * (`PARLEY_BOT: 'on'`): tests of other features count exact messages and statuses.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const testDb = await testDatabase();
  try {
    const running = await startServer(testConfig({ ...testDb.env, ...env }));
    return {
      ...running,
      testDb,
      stop: async () => {
        await running.close();
        await testDb.drop();
      },
    };
  } catch (err) {
    await testDb.drop();
    throw err;
  }
}

/** The configuration test servers run with: generous rate limits, the bot off, a known owner password. */
export function testConfig(env: Record<string, string | undefined>) {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PARLEY_ADMIN_PASSWORD: 'test-password-123',
    NODE_ENV: 'test',
    PARLEY_RATE_VISITORS_PER_IP: '100000',
    PARLEY_RATE_LOGINS_PER_IP: '100000',
    PARLEY_BOT: 'off',
    ...env,
  });
}
