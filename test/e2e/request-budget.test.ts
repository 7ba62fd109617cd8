import { PermissionFlagsBits as P, Routes } from 'discord.js';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { reminderFires } from '../../src/db/schema.js';
import { createPrometheusMetrics, type PrometheusMetrics } from '../../src/ops/prometheus.js';
import {
  expectDiscordAcceptedEverything,
  messageText,
  startHarness,
  stopHarnessAfterEach,
  type Harness,
} from '../support/align-harness.js';
import { sampleValue } from '../support/prometheus-text.js';

let h: Harness;
stopHarnessAfterEach(() => h);

const minutes = (n: number) => n * 60_000;

/** What Align logs, as objects. */
function capturedLogs() {
  const lines: { level: number; msg: string; [fact: string]: unknown }[] = [];
  const logger = pino(
    { level: 'info', base: undefined },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  return { logger, lines };
}

/** Requests the bot makes that Discord refuses with 403: creating channels without Manage Channels. */
async function refuseRequests(count: number) {
  h.sandbox.setBotPermissions(h.guild, P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ReadMessageHistory);
  const refusals = Array.from({ length: count }, () =>
    h.align.client.rest
      .post(Routes.guildChannels(h.guild.id), { body: { name: 'nope' } })
      .catch((e: unknown) => e),
  );
  const answers = await Promise.all(refusals);
  expect(answers.every((answer) => (answer as { status?: number }).status === 403)).toBe(true);
}

const memberFetches = () =>
  h.sandbox.requests.filter((request) => request.route === 'GET /guilds/:guild/members/:user').length;

describe('the budget of refused requests', () => {
  it('fails a test whose scenario passes it', async () => {
    h = await startHarness({ invalidRequestBudget: 3 });
    await refuseRequests(4);
    expect(h.sandbox.invalidRequests).toEqual({ total: 4, byStatus: { 401: 0, 403: 4, 429: 0 } });
    expect(() => expectDiscordAcceptedEverything(h)).toThrow(/over the test's budget of 3/);
    // This test meant it: the check after it allows what it did.
    h.invalidRequestBudget = 4;
  });
});

describe('the brake', () => {
  it('engages past Align’s budget: boards stop checking members, /metrics and the log say so, until it releases', async () => {
    let metrics: PrometheusMetrics | undefined;
    const { logger, lines } = capturedLogs();
    h = await startHarness({
      metrics: () => (metrics = createPrometheusMetrics()),
      alignOptions: { invalidRequestBudget: 6, logger },
    });
    const { alice, bob, carol } = h.members;
    const metric = async (name: string, labels: Record<string, string> = {}) =>
      sampleValue((await metrics!.render()).body, name, labels);
    await h.run('/log pushups 30', alice);
    await h.run('/log squats 20', bob);
    const before = memberFetches();
    await h.run('/leaderboard', carol);
    expect(memberFetches()).toBeGreaterThan(before);
    expect(await metric('align_request_brake_engaged')).toBe(0);

    await refuseRequests(5);
    expect(await metric('align_request_brake_engaged')).toBe(0);
    await refuseRequests(3);
    expect(await metric('align_discord_invalid_requests_total', { status: '403' })).toBe(8);
    expect(await metric('align_request_brake_engaged')).toBe(1);
    const engaged = lines.filter((line) => line.msg.startsWith('Discord refused many requests'));
    expect(engaged).toHaveLength(1);
    expect(engaged[0]).toMatchObject({ component: 'discord', refusedInTenMinutes: 6 });

    // The board still answers, showing everyone, without asking Discord about each member.
    const paused = memberFetches();
    const board = await h.run('/leaderboard', carol);
    // By the names they were last seen with, kept from their own commands.
    expect(messageText(board)).toContain('Alice');
    expect(messageText(board)).toContain('Bob');
    expect(memberFetches()).toBe(paused);

    // Ten quiet minutes later the refusals have left the window.
    h.clock.advanceBy(minutes(10));
    expect(await metric('align_request_brake_engaged')).toBe(0);
    expect(lines.filter((line) => line.msg.includes('resuming'))).toHaveLength(1);
    await h.run('/leaderboard', carol);
    expect(memberFetches()).toBeGreaterThan(paused);
    h.invalidRequestBudget = 8;
  });
});

describe('a re-sent reminder', () => {
  it('whose first message was deleted meets 10008 once, counts as sent, and is not posted again', async () => {
    h = await startHarness();
    const { alice } = h.members;
    await h.run('/remind add when:"daily 20:30" message:"Floor time"', alice);
    h.clock.advanceBy(minutes(150));
    await h.tickReminders();
    // The last DM is the fire's (the first is /remind add's confirmation).
    const sent = h.sandbox.messagesFor(alice).at(-1);
    // Alice deleted it; and the process died before recording the send.
    await h.align.client.rest.delete(Routes.channelMessage(sent!.channelId, sent!.id));
    await h.database.db.update(reminderFires).set({ outcome: null, settledAt: null });
    await h.restart();
    const posts = () =>
      h.sandbox.requests.filter(
        (r) =>
          r.route === 'POST /channels/:channel/messages' &&
          r.path.includes(sent!.channelId) &&
          (r.body as { nonce?: unknown } | undefined)?.nonce !== undefined,
      );

    // Abandoned after a minute, re-sent inside Discord's nonce window: Discord says Unknown Message.
    h.clock.advanceBy(minutes(1) + 20_000);
    await h.tickReminders();
    expect(posts().map((post) => [post.status, post.code])).toEqual([
      [200, undefined],
      [404, 10008],
    ]);
    for (let minute = 0; minute < 10; minute++) {
      h.clock.advanceBy(minutes(1));
      await h.tickReminders();
    }
    const [fire] = await h.database.db.select().from(reminderFires);
    expect(fire?.outcome).toBe('sent');
    expect(posts()).toHaveLength(2);
    expect(h.sandbox.messagesFor(alice).map((message) => message.id)).not.toContain(sent!.id);
    expect(h.sandbox.messagesFor(alice)).toHaveLength(1);
  });
});
