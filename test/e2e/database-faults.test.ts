import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exerciseLogs } from '../../src/db/schema.js';
import type { SandboxUser } from '@align/discord-sandbox';
import { createDatabasePlug, databaseServer, type DatabasePlug } from '../support/database-plug.js';
import {
  expectDiscordAcceptedEverything,
  messageText,
  startHarness,
  type Harness,
} from '../support/align-harness.js';

const { url: serverUrl, answers: serverAnswers } = await databaseServer();

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
