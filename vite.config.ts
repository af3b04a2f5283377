import { defineConfig } from 'vitest/config';

/**
 * One vitest run over every package (`pnpm test`). Browser tests live in *.e2e.ts files and
 * run separately (`pnpm test:e2e`, vitest.e2e.config.ts): they need Chromium and a build.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'repo', root: '.', include: ['test/**/*.test.ts'] } },
      { test: { name: 'protocol', root: './packages/protocol', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          root: './server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'tools/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'widget', root: './widget', include: ['src/**/*.test.{ts,tsx}'], environment: 'happy-dom' } },
      { test: { name: 'inbox', root: './packages/inbox', include: ['src/**/*.test.{ts,tsx}'], environment: 'happy-dom' } },
      { test: { name: 'markdown-lite', root: './packages/markdown-lite', include: ['src/**/*.test.{ts,tsx}'], environment: 'happy-dom' } },
    ],
  },
});
