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

export type DatabaseTarget = { url: string } | { dataDir: string } | { inMemory: true };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('url' in target) {
    const sql = postgres(target.url, {
      max: 10,
      onnotice: () => {},
      // Fail fast: an interaction must be answered within 3 seconds.
      connect_timeout: 5,
      connection: { statement_timeout: 5_000 },
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
