import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Database } from './client.js';

/** The committed drizzle-kit migrations, found from here whether running from src/ or dist/. */
export function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'drizzle', 'meta', '_journal.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('The drizzle/ migrations folder was not found.');
    dir = parent;
  }
  return join(dir, 'drizzle');
}

const migrationLock = 4_201_772;

/** Applies pending migrations; an advisory lock keeps two processes starting together from racing. */
export async function runMigrations(database: Database): Promise<void> {
  const { db } = database;
  // Drizzle's migrators for both drivers share one dialect implementation; the pglite one takes any PgDatabase.
  const run = () => migrate(db as unknown as PgliteDatabase, { migrationsFolder: migrationsFolder() });
  if (database.driver === 'pglite') return run();
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${migrationLock})`);
    await run();
  });
}
