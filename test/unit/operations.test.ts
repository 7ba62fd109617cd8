import { Status } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { gatewayStateOf, isHealthy, type Health } from '../../src/ops/health.js';
import { startOpsServer, type OpsServer } from '../../src/ops/http-server.js';
import { createPrometheusMetrics } from '../../src/ops/prometheus.js';
import { withTimeout } from '../../src/ops/timeout.js';
import { sampleValue } from '../support/prometheus-text.js';

describe('the gateway state', () => {
  it('is ready only when discord.js and every shard are', () => {
    expect(gatewayStateOf(Status.Ready, [Status.Ready, Status.Ready])).toBe('ready');
    expect(gatewayStateOf(Status.Ready, [Status.Ready, Status.Resuming])).toBe('resuming');
    expect(gatewayStateOf(Status.WaitingForGuilds, [Status.WaitingForGuilds])).toBe('waiting-for-guilds');
    expect(gatewayStateOf(Status.Idle, [])).toBe('idle');
  });

  it('makes the bot healthy together with a database that answers', () => {
    expect(isHealthy({ gateway: 'ready', database: 'ok' })).toBe(true);
    expect(isHealthy({ gateway: 'ready', database: 'down' })).toBe(false);
    expect(isHealthy({ gateway: 'reconnecting', database: 'ok' })).toBe(false);
  });
});

describe('withTimeout', () => {
  it('passes on an answer that comes in time, and gives up on one that does not', async () => {
    await expect(withTimeout(Promise.resolve(42), 50)).resolves.toBe(42);
    await expect(withTimeout(new Promise(() => {}), 20)).rejects.toThrow(/no answer within 20 ms/);
  });
});

describe('Prometheus metrics', () => {
  it('records command latency in seconds, by command and outcome', async () => {
    const metrics = createPrometheusMetrics();
    metrics.interactionAnswered('/log', 'answered', 12);
    metrics.interactionAnswered('/log', 'answered', 180);
    metrics.interactionAnswered('/me', 'failed', 4);
    const { body } = await metrics.render();
    const log = { command: '/log', outcome: 'answered' };
    expect(sampleValue(body, 'align_command_duration_seconds_count', log)).toBe(2);
    expect(sampleValue(body, 'align_command_duration_seconds_sum', log)).toBeCloseTo(0.192);
    expect(sampleValue(body, 'align_command_duration_seconds_bucket', { le: '0.025', ...log })).toBe(1);
    expect(sampleValue(body, 'align_command_duration_seconds_bucket', { le: '0.25', ...log })).toBe(2);
    expect(
      sampleValue(body, 'align_command_duration_seconds_count', { command: '/me', outcome: 'failed' }),
    ).toBe(1);
  });

  it('keeps each instance apart, so two bots in one process never add up', async () => {
    const first = createPrometheusMetrics();
    const second = createPrometheusMetrics();
    first.discordRateLimited('POST /channels/:id/messages', 'user');
    first.discordRateLimited('POST /channels/:id/messages', 'user');
    second.discordRateLimited('POST /channels/:id/messages', 'shared');
    const labels = { route: 'POST /channels/:id/messages', scope: 'user' };
    expect(sampleValue((await first.render()).body, 'align_discord_rate_limited_total', labels)).toBe(2);
    expect(sampleValue((await second.render()).body, 'align_discord_rate_limited_total', labels)).toBe(
      undefined,
    );
  });

  it('reads the running holds at each scrape, and says NaN when the count fails', async () => {
    const metrics = createPrometheusMetrics();
    let running = 3;
    metrics.countHoldsRunningWith(async () => running);
    expect(sampleValue((await metrics.render()).body, 'align_holds_running')).toBe(3);
    running = 1;
    expect(sampleValue((await metrics.render()).body, 'align_holds_running')).toBe(1);
    metrics.countHoldsRunningWith(() => Promise.reject(new Error('database down')));
    expect(sampleValue((await metrics.render()).body, 'align_holds_running')).toBeNaN();
  });

  it('counts negative lateness (a clock a little ahead) as on time', async () => {
    const metrics = createPrometheusMetrics();
    metrics.scheduledWorkRan('reminder', -40);
    metrics.scheduledWorkRan('reminder', 4_000);
    const { body } = await metrics.render();
    expect(sampleValue(body, 'align_scheduler_lateness_seconds_sum', { work: 'reminder' })).toBe(4);
    expect(
      sampleValue(body, 'align_scheduler_lateness_seconds_bucket', { le: '0.01', work: 'reminder' }),
    ).toBe(1);
  });

  it('includes the process metrics: memory and event-loop lag', async () => {
    const { body } = await createPrometheusMetrics().render();
    expect(sampleValue(body, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);
  });
});

describe('the ops HTTP server', () => {
  let server: OpsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = async (health: () => Promise<Health>) => {
    server = await startOpsServer({
      port: 0,
      health,
      metrics: async () => ({ contentType: 'text/plain; version=0.0.4', body: 'align_up 1\n' }),
      logger: silentLogger,
    });
    return (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${server!.port}${path}`, init);
  };

  it('answers /healthz with 200 when healthy and 503 otherwise, with the same JSON', async () => {
    let health: Health = { gateway: 'ready', database: 'ok' };
    const get = await start(async () => health);
    const ok = await get('/healthz');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(await ok.json()).toEqual({ gateway: 'ready', database: 'ok' });

    health = { gateway: 'ready', database: 'down' };
    const down = await get('/healthz');
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ gateway: 'ready', database: 'down' });
  });

  it('serves /metrics, refuses other methods and paths, and turns a failure into 500', async () => {
    const get = await start(() => Promise.reject(new Error('boom')));
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    expect(await metrics.text()).toBe('align_up 1\n');
    expect((await get('/metrics', { method: 'HEAD' })).status).toBe(200);
    expect((await get('/nothing')).status).toBe(404);
    const post = await get('/healthz', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await get('/healthz')).status).toBe(500);
  });
});
