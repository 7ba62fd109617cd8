import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import type { SQL } from 'drizzle-orm';
import { rollupStatements } from '../src/services/rollups.sql.js';
import type { LoggedRequest } from '@align/discord-sandbox';
import { createTestDatabase, type TestDatabase } from '../test/support/database.js';
import { sampleValue } from '../test/support/prometheus-text.js';

/** Benchmarks run the bot as its own process, so they need a PostgreSQL server (PGlite serves one process). */
export function benchServerUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

/** A fresh database `align_bench_*` on the benchmark's PostgreSQL server, dropped afterwards. */
export async function openBenchDatabase(): Promise<TestDatabase & { label: string; url: string }> {
  const database = await createTestDatabase(benchServerUrl(), {
    namePrefix: 'align_bench',
    statementTimeoutMs: 0,
  });
  const url = database.url!;
  return { ...database, url, label: `PostgreSQL (${new URL(url).host})` };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Requests per one-second window: the busiest second and the mean over the busy span. */
export function requestRate(
  requests: readonly LoggedRequest[],
  filter: (r: LoggedRequest) => boolean = () => true,
) {
  const chosen = requests.filter(filter);
  const perSecond = new Map<number, number>();
  for (const request of chosen) {
    const second = Math.floor(request.at / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  const seconds = [...perSecond.keys()];
  const span = seconds.length > 0 ? Math.max(...seconds) - Math.min(...seconds) + 1 : 0;
  return {
    total: chosen.length,
    peakPerSecond: Math.max(0, ...perSecond.values()),
    meanPerSecond: span ? chosen.length / span : 0,
  };
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** CPU time a process has used so far (user and system), from /proc; 0 once it is gone. */
export function cpuMs(pid: number): number {
  try {
    // Fields after the command name: state is the 1st, utime the 12th, stime the 13th, in clock ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

export interface BotProcess {
  pid: number;
  /** Resident memory of the bot process, from /proc. */
  rssMb(): number;
  /** A full garbage collection in the bot, when it was started with `collectableGarbage`. */
  collectGarbage(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * How to start the bot: `tsx` runs `src/main.ts` through tsx's loader; `dist` runs `dist/src/main.js`
 * as `npm run start:prod` does (built first). BENCH_BOT chooses when a benchmark doesn't.
 */
export type BotEntry = 'tsx' | 'dist';

let built = false;

function botArgs(entry: BotEntry): string[] {
  if (entry === 'tsx') return ['--import', 'tsx', 'src/main.ts'];
  // Built afresh once per run, so a benchmark never measures an older build than the source.
  if (!built) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  built = true;
  return ['dist/src/main.js'];
}

/**
 * The bot as it runs in production, `src/main.ts` in a process of its own, pointed at the sandbox.
 * Benchmarks drive the sandbox from this process, so the two never share an event loop.
 */
export async function spawnBot(options: {
  apiUrl: string;
  databaseUrl: string;
  ready: () => boolean;
  /** More settings, such as HTTP_PORT to read the bot's own metrics. */
  env?: Record<string, string>;
  entry?: BotEntry;
  /** Lets the benchmark ask for a full garbage collection (SIGUSR2), to read memory once it has settled. */
  collectableGarbage?: boolean;
  /** Receives the bot's log lines (JSON) instead of this process's standard output. */
  onLogLine?: (line: string) => void;
  logLevel?: string;
}): Promise<BotProcess> {
  const entry = options.entry ?? (process.env.BENCH_BOT === 'dist' ? 'dist' : 'tsx');
  // BENCH_BOT_NODE_ARGS passes flags such as --cpu-prof to the bot's node.
  const nodeArgs = process.env.BENCH_BOT_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  if (options.collectableGarbage) {
    nodeArgs.push(
      '--expose-gc',
      '--import',
      'data:text/javascript,process.on("SIGUSR2",()=>globalThis.gc())',
    );
  }
  const child = spawn(process.execPath, [...nodeArgs, ...botArgs(entry)], {
    env: {
      ...process.env,
      DISCORD_TOKEN: 'sandbox-bench-token-0123456789',
      DISCORD_API_URL: options.apiUrl,
      DATABASE_URL: options.databaseUrl,
      LOG_LEVEL: options.logLevel ?? process.env.BENCH_LOG_LEVEL ?? 'warn',
      ...options.env,
    },
    stdio: ['ignore', options.onLogLine ? 'pipe' : 'inherit', 'inherit'],
  });
  if (options.onLogLine && child.stdout) {
    createInterface({ input: child.stdout }).on('line', options.onLogLine);
  }
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  process.once('exit', () => child.kill('SIGKILL'));
  const started = Date.now();
  while (!options.ready()) {
    if (child.exitCode !== null) throw new Error('the bot process exited before it was ready');
    if (Date.now() - started > 60_000) throw new Error('the bot process was not ready within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    pid: child.pid!,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return kb / 1024;
    },
    async collectGarbage() {
      if (!options.collectableGarbage) throw new Error('the bot was not started with collectableGarbage');
      child.kill('SIGUSR2');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A port nothing listens on right now, for a process about to start. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Percentiles of a Prometheus histogram in the bot's /metrics: for each, the upper bound of the bucket
 * it falls in (histograms keep no finer detail), with the count and the mean.
 */
export function histogramSummary(metricsText: string, name: string, labels: Record<string, string>) {
  const value = (suffix: string) => sampleValue(metricsText, `${name}_${suffix}`, labels) ?? NaN;
  const count = value('count');
  const bounds = new Set(
    [...metricsText.matchAll(new RegExp(`^${name}_bucket\\{.*le="([^"]+)"`, 'gm'))].map((match) => match[1]!),
  );
  const buckets = [...bounds]
    .map((le) => ({
      le: Number(le),
      cumulative: sampleValue(metricsText, `${name}_bucket`, { ...labels, le }),
    }))
    .filter((bucket): bucket is { le: number; cumulative: number } => bucket.cumulative !== undefined)
    .sort((a, b) => a.le - b.le);
  const bound = (p: number) => buckets.find((bucket) => bucket.cumulative >= (p / 100) * count)?.le ?? NaN;
  return { count, mean: value('sum') / count, p50: bound(50), p99: bound(99), max: bound(100) };
}

/** Every roll-up built in one go from the seeded logs, as /log and holds keep them (daily caps included). */
export async function buildAllRollups(tx: { execute(query: SQL): Promise<unknown> }): Promise<void> {
  const { day, week, month, exerciseMonth } = rollupStatements({ members: 'all' });
  for (const period of [day, week, month, exerciseMonth]) {
    await tx.execute(period.delete);
    await tx.execute(period.insert);
  }
}
