import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { servers } from '../../src/db/schema.js';
import { transactionStatement } from '../../src/db/transaction-statement.js';
import { useServiceTestbed } from '../support/service-testbed.js';

const t = useServiceTestbed('2026-11-28T18:00:00Z');

describe('transactionStatement', () => {
  const addServer = () =>
    transactionStatement(
      'test_add_server',
      t.database.db
        .insert(servers)
        .values({ guildId: sql.placeholder('guildId'), timeZone: sql.placeholder('zone') })
        .returning({ guildId: servers.guildId, timeZone: servers.timeZone }),
    );

  it('runs its one text with each transaction’s values and maps the rows', async () => {
    const add = addServer();
    const rows = await t.database.db.transaction(async (tx) =>
      Promise.all([
        add(tx, { guildId: '100000000000000001', zone: 'Europe/Berlin' }),
        add(tx, { guildId: '100000000000000002', zone: 'Asia/Tokyo' }),
      ]),
    );
    expect(rows).toEqual([
      [{ guildId: '100000000000000001', timeZone: 'Europe/Berlin' }],
      [{ guildId: '100000000000000002', timeZone: 'Asia/Tokyo' }],
    ]);
    expect(await t.database.db.select({ guildId: servers.guildId }).from(servers)).toHaveLength(2);
  });

  it('belongs to the transaction it runs in: a rollback takes its writes with it', async () => {
    const add = addServer();
    await expect(
      t.database.db.transaction(async (tx) => {
        await add(tx, { guildId: '100000000000000001', zone: 'UTC' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await t.database.db.select().from(servers)).toEqual([]);
  });
});
