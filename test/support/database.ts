import { randomBytes } from 'node:crypto';
import { getTableName, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import * as schema from '../../src/db/schema.js';

export interface TestDatabase extends Database {
  /** Empties every table, keeping the migrated schema. */
  reset(): Promise<void>;
  /** A second connection to the same database, as a second bot process would have (Postgres only). */
  url: string | undefined;
}

const tableNames = (Object.values(schema) as unknown[])
  .filter((value): value is PgTable => value instanceof PgTable)
  .map((table) => `"${getTableName(table)}"`);

/**
 * A migrated database of its own for one test file: a fresh database on the server named by
 * `serverUrl` (by default TEST_DATABASE_URL, as in CI), otherwise an in-memory PGlite. Benchmarks name
 * theirs apart and seed them with statements longer than the bot's timeout allows.
 */
export async function createTestDatabase(
  serverUrl: string | undefined = process.env.TEST_DATABASE_URL,
  options: { namePrefix?: string; statementTimeoutMs?: number } = {},
): Promise<TestDatabase> {
  let database: Database;
  let url: string | undefined;
  let dropDatabase = async () => {};
  if (serverUrl) {
    const name = `${options.namePrefix ?? 'align_test'}_${randomBytes(6).toString('hex')}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const databaseUrl = new URL(serverUrl);
    databaseUrl.pathname = `/${name}`;
    url = databaseUrl.toString();
    database = await openDatabase({ url, statementTimeoutMs: options.statementTimeoutMs });
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    database = await openDatabase({ inMemory: true });
  }
  await runMigrations(database);
  return {
    ...database,
    url,
    async reset() {
      await database.db.execute(sql.raw(`truncate ${tableNames.join(', ')} restart identity`));
    },
    async close() {
      await database.close();
      await dropDatabase();
    },
  };
}
