import { createServer } from 'node:net';
import { REST, Routes } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAlign, type Align } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { silentLogger } from '../../src/logger.js';
import { startOpsServer, type OpsServer } from '../../src/ops/http-server.js';
import { createPrometheusMetrics, type PrometheusMetrics } from '../../src/ops/prometheus.js';
import { holdRules } from '../../src/services/holds.js';
import { messageText, startHarness, stopHarnessAfterEach, type Harness } from '../support/align-harness.js';
import { sampleValue } from '../support/prometheus-text.js';

let h: Harness;
let metrics: PrometheusMetrics;
let server: OpsServer | undefined;
const minutes = (n: number) => n * 60_000;

stopHarnessAfterEach(() => h);
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The harness's bot with metrics in a registry of its own, served on a free port. */
async function startWithOps(options: Parameters<typeof startHarness>[0] = {}) {
  h = await startHarness({ ...options, metrics: () => (metrics = createPrometheusMetrics()) });
  server = await serve(h.align, metrics);
}

const serve = (align: Align, recorded: PrometheusMetrics) =>
  startOpsServer({
    port: 0,
    health: () => align.health(),
    metrics: () => recorded.render(),
    logger: silentLogger,
  });

const get = (path: string) => fetch(`http://127.0.0.1:${server!.port}${path}`);
const scrape = async () => (await get('/metrics')).text();
const metric = async (name: string, labels: Record<string, string> = {}) =>
  sampleValue(await scrape(), name, labels);

/** A port nothing listens on: a PostgreSQL server that is down. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('/healthz', () => {
  it('is 200 with the gateway ready and the database answering', async () => {
    await startWithOps();
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ gateway: 'ready', database: 'ok' });
  });

  it('is 503 before the bot connects, when its database is down, and after it stops', async () => {
    h = await startHarness();
    const unreachable: Database = await openDatabase({
      url: `postgres://align@127.0.0.1:${await closedPort()}/align`,
    });
    const bot = createAlign({
      token: 'a-second-bot-process-with-no-database',
      database: unreachable,
      apiUrl: h.sandbox.apiUrl,
      timers: 'manual',
      clientOptions: { waitGuildTimeout: 100 },
    });
    server = await serve(bot, createPrometheusMetrics());
    try {
      const before = await get('/healthz');
      expect(before.status).toBe(503);
      expect(await before.json()).toEqual({ gateway: 'idle', database: 'down' });

      await bot.start();
      const running = await get('/healthz');
      expect(running.status).toBe(503);
      expect(await running.json()).toEqual({ gateway: 'ready', database: 'down' });
    } finally {
      await bot.stop();
      await unreachable.close();
    }
    const stopped = await get('/healthz');
    expect(stopped.status).toBe(503);
    expect(((await stopped.json()) as { gateway: string }).gateway).not.toBe('ready');
  });
});

describe('/metrics', () => {
  it('counts each command in the latency histogram under its name', async () => {
    await startWithOps();
    const { alice, bob } = h.members;
    await h.run('/log pushups 30', alice);
    await h.run('/log squats 20', bob);
    await h.run('/me', alice);
    await h.run('/leaderboard', bob);

    const answered = (command: string) =>
      metric('align_command_duration_seconds_count', { command, outcome: 'answered' });
    // The reply reaches Discord a moment before the bot hears back and records it.
    await vi.waitFor(async () => expect(await answered('/leaderboard')).toBe(1));
    expect(await answered('/log')).toBe(2);
    expect(await answered('/me')).toBe(1);
    const text = await scrape();
    expect(
      sampleValue(text, 'align_command_duration_seconds_bucket', {
        le: '+Inf',
        command: '/log',
        outcome: 'answered',
      }),
    ).toBe(2);
    expect(
      sampleValue(text, 'align_command_duration_seconds_sum', { command: '/log', outcome: 'answered' }),
    ).toBeGreaterThan(0);
    expect(sampleValue(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);
  });

  it('shows the holds running, and how late each hold step and end ran', async () => {
    await startWithOps();
    expect(await metric('align_holds_running')).toBe(0);
    const opened = await h.run('/hold start superman starts_in:1', h.members.carol);
    expect(messageText(opened)).toMatch(/A hold is open/);
    expect(await metric('align_holds_running')).toBe(1);
    await vi.waitFor(async () =>
      expect(
        await metric('align_command_duration_seconds_count', { command: '/hold start', outcome: 'answered' }),
      ).toBe(1),
    );

    // Each step is looked at 1.5 s after it was due: the start, the end two minutes later, the tidy-up.
    h.clock.advanceBy(minutes(1) + 1_500);
    await h.align.holdTimer.runDue();
    h.clock.advanceBy(minutes(2));
    await h.align.holdTimer.runDue();
    h.clock.advanceBy(holdRules.channelGraceMs);
    await h.align.holdTimer.runDue();
    expect(await metric('align_holds_running')).toBe(0);
    const text = await scrape();
    const step = { work: 'hold-step' };
    expect(sampleValue(text, 'align_scheduler_lateness_seconds_count', step)).toBe(2);
    expect(sampleValue(text, 'align_scheduler_lateness_seconds_sum', step)).toBeCloseTo(3);
    expect(sampleValue(text, 'align_scheduler_lateness_seconds_bucket', { le: '1', ...step })).toBe(0);
    expect(sampleValue(text, 'align_scheduler_lateness_seconds_bucket', { le: '2.5', ...step })).toBe(2);
    const end = { work: 'hold-end' };
    expect(sampleValue(text, 'align_scheduler_lateness_seconds_count', end)).toBe(1);
    expect(sampleValue(text, 'align_scheduler_lateness_seconds_sum', end)).toBeCloseTo(1.5);
  });

  it('counts the 429s Discord answers, and not the waits discord.js takes by itself', async () => {
    await startWithOps({ sandbox: { rateLimits: { channelMessages: { limit: 5, windowMs: 5_000 } } } });
    await h.run('/schedule add when:"daily 18:30" channel:general message:"Floor time"', h.members.admin);
    const general = h.sandbox.channels(h.guild).find((channel) => channel.name === 'general')!;
    const route = { route: 'POST /channels/:id/messages', scope: 'user' };
    expect(await metric('align_discord_rate_limited_total', route)).toBeUndefined();

    h.clock.advanceBy(minutes(30) + 4_000);
    // Another process of the same bot has just posted five times in #general; this one's limiter can't know.
    const other = new REST({ api: h.sandbox.apiUrl }).setToken(h.align.client.token!);
    for (let post = 1; post <= 5; post++) {
      await other.post(Routes.channelMessages(general.id), { body: { content: `post ${post}` } });
    }
    await h.tickReminders();
    expect(h.sandbox.stats.rateLimited).toBe(1);
    expect(await metric('align_discord_rate_limited_total', route)).toBe(1);
    // discord.js waited and sent it again: the reminder still went out, once, 4 s after its time.
    expect(h.sandbox.messages(general.id).filter((m) => m.content.includes('Floor time'))).toHaveLength(1);
    expect(await metric('align_scheduler_lateness_seconds_sum', { work: 'reminder' })).toBe(4);

    // Now the bot knows the bucket: posts past its limit wait for the window instead of meeting a 429.
    const waits: unknown[] = [];
    h.align.client.rest.on('rateLimited', (info) => waits.push(info));
    for (let post = 1; post <= 6; post++) {
      await h.align.client.rest.post(Routes.channelMessages(general.id), {
        body: { content: `again ${post}` },
      });
    }
    expect(waits.length).toBeGreaterThan(0);
    expect(h.sandbox.stats.rateLimited).toBe(1);
    expect(await metric('align_discord_rate_limited_total', route)).toBe(1);
  });
});
