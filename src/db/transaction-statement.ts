import { is, SQL, type Query } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';

type Statement = { toSQL(): Query } | SQL;

/** Values for a statement's `sql.placeholder`s, by name. */
type Placeholders = Record<string, unknown>;

/**
 * A statement whose SQL is built once and that can run in any transaction.
 *
 * drizzle binds a prepared statement to the session it was prepared on, so a query in a transaction is
 * built afresh, SQL text and all, every time it runs (drizzle-orm#613). For /log's ten statements
 * that building was half of everything the bot allocated per command, and the collector pauses it
 * caused were behind /log's slowest replies. Here the text is built once, with placeholders, from a
 * builder on the database or an `sql` template, and each transaction prepares that text on its own
 * session. drizzle's row mapping is left out, so `mapRow` turns each row, as an array of the driver's
 * values in the order the builder selects them, into what the caller wants.
 */
export function transactionStatement<Row>(
  name: string,
  builder: Statement,
  mapRow: (values: unknown[]) => Row,
): (tx: Db, values: Placeholders) => Promise<Row[]>;
export function transactionStatement(
  name: string,
  builder: Statement,
): (tx: Db, values: Placeholders) => Promise<void>;
export function transactionStatement<Row>(
  name: string,
  builder: Statement,
  mapRow?: (values: unknown[]) => Row,
) {
  const query = is(builder, SQL) ? new PgDialect().sqlToQuery(builder) : builder.toSQL();
  const mapRows = mapRow ? (rows: unknown[][]) => rows.map(mapRow) : () => undefined;
  return (tx: Db, values: Placeholders) =>
    tx._.session.prepareQuery(query, undefined, name, true, mapRows).execute(values);
}
