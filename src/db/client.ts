import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';

/** What every repository sees: the query builder, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  readonly db: Db;
  readonly driver: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export type DatabaseTarget =
  | {
      url: string;
      /** Longest a statement may run; 0 for none (seeding a benchmark). Default 2.5 s. */
      statementTimeoutMs?: number;
    }
  | { dataDir: string }
  | { inMemory: true };

/**
 * A member's command must be answered within Discord's 3 seconds, so a database that is down or too
 * slow has to fail before then, leaving time for the apology: a connection attempt gives up after
 * 2 s and a statement after 2.5 s. postgres-js reconnects by itself on the next query once the
 * server is back.
 */
const connectTimeoutSeconds = 2;
const defaultStatementTimeoutMs = 2_500;

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('url' in target) {
    const sql = postgres(target.url, {
      max: 10,
      onnotice: () => {},
      connect_timeout: connectTimeoutSeconds,
      // The driver's default waits up to 20 s between attempts after an outage; members would keep
      // getting apologies long after the database is back. Half a second at most.
      backoff: (attempt: number) => Math.min(0.05 * 2 ** attempt, 0.5),
      connection: { statement_timeout: target.statementTimeoutMs ?? defaultStatementTimeoutMs },
    });
    return {
      db: drizzlePostgres({ client: sql, schema }) as unknown as Db,
      driver: 'postgres',
      close: () => sql.end({ timeout: 5 }),
    };
  }
  if ('dataDir' in target) mkdirSync(target.dataDir, { recursive: true });
  // Loaded only here, so a bot on PostgreSQL doesn't keep the embedded database's code in memory.
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
  const client = new PGlite('dataDir' in target ? target.dataDir : 'memory://');
  await client.waitReady;
  return {
    db: drizzlePglite({ client, schema }) as unknown as Db,
    driver: 'pglite',
    close: () => client.close(),
  };
}
