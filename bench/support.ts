import postgres from 'postgres';
import { openDatabase, type Database } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import type { LoggedRequest } from '../src/sandbox/rest-server.js';

/**
 * A fresh database for one benchmark: `align_bench_*` on the PostgreSQL server named by BENCH_DATABASE_URL
 * (or TEST_DATABASE_URL), dropped afterwards; otherwise in-memory PGlite.
 */
export async function openBenchDatabase(): Promise<Database & { label: string; url: string | undefined }> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ inMemory: true });
    await runMigrations(database);
    return { ...database, label: 'embedded PGlite (in memory)', url: undefined };
  }
  const name = `align_bench_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  await runMigrations(database);
  return {
    ...database,
    label: `PostgreSQL (${url.host})`,
    url: url.toString(),
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
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
