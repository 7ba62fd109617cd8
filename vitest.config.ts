import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The workspace packages' tests run here too, so `npm test` covers everything the bot's tests stand on.
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
  },
});
