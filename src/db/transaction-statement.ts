import { is, SQL, type Query } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';

/** A query builder on the database (select, insert, delete…), which knows what it selects. */
type Builder = { toSQL(): Query; execute(...args: never[]): Promise<unknown> };

/** Values for a statement's `sql.placeholder`s, by name. */
type Placeholders = Record<string, unknown>;

/** A selected field as drizzle's row mapping takes it: where in the row object it goes, and its column or SQL. */
type OrderedField = { path: string[]; field: unknown };

/**
 * The fields a builder selects or returns, in the order its SQL selects them. drizzle keeps them on the
 * builder's `config` (internal to drizzle, hence the exact drizzle-orm version in package.json): a select's
 * `fields` by name, an insert's or delete's `returning` already ordered.
 */
function selectedFields(builder: Builder): OrderedField[] | undefined {
  const { config } = builder as unknown as {
    config?: { fields?: Record<string, unknown>; returning?: OrderedField[] };
  };
  if (config?.returning) return config.returning;
  if (config?.fields) return Object.entries(config.fields).map(([name, field]) => ({ path: [name], field }));
  return undefined;
}

/**
 * A statement whose SQL is built once and that can run in any transaction.
 *
 * drizzle binds a prepared statement to the session it was prepared on, so a query in a transaction is
 * built afresh, SQL text and all, every time it runs (drizzle-orm#613). For /log's ten statements
 * that building was half of everything the bot allocated per command, and the collector pauses it
 * caused were behind /log's slowest replies. Here the text is built once, with placeholders, from a
 * builder on the database or an `sql` template, and each transaction prepares that text on its own
 * session. A builder's rows come back as drizzle maps them, objects keyed by the builder's selection;
 * an `sql` template's rows are not read.
 */
export function transactionStatement<B extends Builder>(
  name: string,
  builder: B,
): (tx: Db, values: Placeholders) => ReturnType<B['execute']>;
export function transactionStatement(
  name: string,
  builder: SQL,
): (tx: Db, values: Placeholders) => Promise<void>;
export function transactionStatement(name: string, builder: Builder | SQL) {
  const query = is(builder, SQL) ? new PgDialect().sqlToQuery(builder) : builder.toSQL();
  const fields = is(builder, SQL) ? undefined : selectedFields(builder);
  // Without fields drizzle would hand back the driver's result; a statement that selects nothing returns nothing.
  const noRows = fields ? undefined : () => undefined;
  return (tx: Db, values: Placeholders) =>
    tx._.session.prepareQuery(query, fields as never, name, true, noRows).execute(values);
}
