import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The workspace packages' tests run here too, so `npm test` covers everything the bot's tests stand on.
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // Generous, for a machine busy with other work: e2e tests wait on events and the test clock, so a
    // slow run takes longer instead of failing; a test that really hangs still ends.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    setupFiles: ['test/support/patient-waits.ts'],
    expect: { poll: { timeout: 15_000 } },
    pool: 'forks',
    fileParallelism: true,
  },
});
