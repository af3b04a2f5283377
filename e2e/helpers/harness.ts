import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/helpers/test-server';
import { launchChromium, type TestBrowser } from './browser';

export interface Harness {
  server: TestServer;
  chromium: TestBrowser;
  /** The demo site's origin (its own, like a customer's site), e.g. `${demo}/spa.html`. */
  demo: string;
}

/**
 * One real server (temp database, free port, `serverEnv` on top) and one Chromium for a test
 * file. `serverEnv` may be a function, read once earlier `beforeAll`s have run (a fake API's URL).
 */
export function useServerAndBrowser(serverEnv: Record<string, string> | (() => Record<string, string>) = {}): Harness {
  const env = {} as Harness;
  beforeAll(async () => {
    env.server = await startTestServer(typeof serverEnv === 'function' ? serverEnv() : serverEnv);
    env.demo = env.server.services.demo!.url!;
    env.chromium = await launchChromium();
  });
  afterAll(async () => {
    await env.chromium?.close();
    await env.server?.stop();
  });
  return env;
}
