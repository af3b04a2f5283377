import { defineConfig } from 'vitest/config';

/** Browser tests (`pnpm test:e2e`): real Chromium, real server, real built bundles. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    passWithNoTests: false,
  },
});
