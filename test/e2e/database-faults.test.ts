import { count } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exerciseLogs } from '../../src/db/schema.js';
import type { SandboxUser } from '@align/discord-sandbox';
import { createDatabasePlug, type DatabasePlug } from '../support/database-plug.js';
import {
  expectDiscordAcceptedEverything,
  messageText,
  startHarness,
  type Harness,
} from '../support/align-harness.js';

// Cutting the network to the database needs a database across a network: a PostgreSQL server, the one
// CI names in TEST_DATABASE_URL or else the usual local one. PGlite runs inside the process.
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const serverAnswers = await (async () => {
  const probe = postgres(serverUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
})();

describe.runIf(serverAnswers)('when the database goes away', () => {
  let h: Harness;
  let plug: DatabasePlug;

  beforeAll(async () => {
    const server = new URL(serverUrl);
    plug = await createDatabasePlug({ host: server.hostname, port: Number(server.port || 5432) });
    h = await startHarness({ databaseServerUrl: serverUrl, botDatabaseUrl: (url) => plug.route(url) });
  });
  afterAll(async () => {
    expectDiscordAcceptedEverything(h);
    await h?.stop();
    await plug?.close();
  });

  const logCount = async () => (await h.database.db.select({ n: count() }).from(exerciseLogs))[0]!.n;

  /** Runs commands at once and returns each reply with how long it took to arrive. */
  const runTogether = (commands: [string, SandboxUser][]) =>
    Promise.all(
      commands.map(async ([line, member]) => {
        const sent = performance.now();
        const reply = await h.run(line, member);
        return { reply, ms: performance.now() - sent };
      }),
    );

  const everyone = () =>
    [
      ['/log pushups 25', h.members.alice],
      ['/me', h.members.bob],
      ['/leaderboard', h.members.carol],
      ['/undo', h.members.alice],
    ] as [string, SandboxUser][];

  it.each([
    { how: 'refuse', what: 'is stopped' },
    { how: 'silent', what: 'stops answering' },
  ] as const)(
    'apologises within 3 seconds when the database $what, keeps what was stored, and recovers',
    async ({ how }) => {
      const before = await h.run('/log pushups 30', h.members.alice);
      expect(messageText(before)).toMatch(/logged 30 push-ups/);
      const stored = await logCount();

      plug.pull(how);
      for (const { reply, ms } of await runTogether(everyone())) {
        expect(reply.ephemeral).toBe(true);
        expect(messageText(reply)).toMatch(/can’t reach my database/);
        expect(ms).toBeLessThan(3_000);
      }
      expect(await logCount()).toBe(stored);

      plug.restore();
      const after = await h.run('/log pushups 20', h.members.alice);
      expect(messageText(after)).toMatch(/logged 20 push-ups/);
      expect(await logCount()).toBe(stored + 1);
      const me = await h.run('/me', h.members.alice);
      expect(messageText(me)).not.toMatch(/database/);
    },
  );
});
