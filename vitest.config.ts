import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Generous, for a machine busy with other work: e2e tests wait on events and the test clock, so a
    // slow run takes longer instead of failing; a test that really hangs still ends.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    setupFiles: ['test/support/patient-waits.ts'],
    expect: { poll: { timeout: 15_000 } },
    pool: 'forks',
    fileParallelism: true,
    projects: [
      {
        extends: true,
        // The workspace packages' tests run here too, so `npm test` covers everything the bot's tests stand on.
        test: { name: 'align', include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'] },
      },
      {
        extends: true,
        // The e2e suite once more at Discord's own pace: every REST request takes 100–200 ms, as on Discord,
        // so whatever answers in time only on loopback fails here.
        test: {
          name: 'discord-latency',
          include: ['test/e2e/**/*.test.ts'],
          env: { SANDBOX_REST_LATENCY: '150±50' },
        },
      },
    ],
  },
});
