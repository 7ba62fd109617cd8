import { openDatabase, type Database } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import type { LoggedRequest } from '../src/sandbox/rest-server.js';

/** Benchmarks run on the PostgreSQL server named by BENCH_DATABASE_URL (or TEST_DATABASE_URL), else in-memory PGlite. */
export async function openBenchDatabase(): Promise<Database & { label: string }> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const database = await openDatabase(url ? { url } : { inMemory: true });
  await runMigrations(database);
  if (url) {
    const { sql } = await import('drizzle-orm');
    await database.db.execute(
      sql`truncate servers, members, exercise_logs, hold_sessions, hold_participants restart identity cascade`,
    );
  }
  return { ...database, label: url ? `PostgreSQL (${new URL(url).host})` : 'embedded PGlite (in memory)' };
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
