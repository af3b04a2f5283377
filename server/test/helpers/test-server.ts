import { loadConfig } from '../../src/config/config';
import { startServer, type RunningServer } from '../../src/server';
import { tempDbFile } from './temp-db';

export interface TestServer extends RunningServer {
  dbFile: string;
  stop(): Promise<void>;
}

/**
 * The real server in this process: real HTTP on a free 127.0.0.1 port, a real SQLite file.
 * The bot is off unless a test turns it on (`PARLEY_BOT: 'on'`): tests of other features
 * count exact messages and statuses.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const { file, cleanup } = tempDbFile();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', PARLEY_DB: file, PARLEY_ADMIN_PASSWORD: 'test-password-123', NODE_ENV: 'test', PARLEY_RATE_VISITORS_PER_IP: '100000', PARLEY_RATE_LOGINS_PER_IP: '100000', PARLEY_BOT: 'off', ...env });
  const running = await startServer(config);
  return {
    ...running,
    dbFile: file,
    stop: async () => {
      await running.close();
      cleanup();
    },
  };
}
