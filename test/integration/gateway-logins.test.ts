import { describe, expect, it } from 'vitest';
import { useServiceTestbed } from '../support/service-testbed.js';

const t = useServiceTestbed('2026-11-28T12:00:00Z');

describe('gateway logins', () => {
  it('books restarts in the database and backs off a process that keeps restarting', async () => {
    const shards = { ids: [0], count: 2 };
    const waits: number[] = [];
    for (let start = 0; start < 5; start++) {
      waits.push((await t.services.gatewayLogins.bookLogin(shards)).waitMs);
      t.clock.advanceBy(1_000);
    }
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(10_000);
    // The fifth start waits for the fourth's booked login, then longer.
    expect(waits[4]).toBeGreaterThan(waits[3]! + 15_000);

    const otherProcess = await t.services.gatewayLogins.bookLogin({ ids: [1], count: 2 });
    expect(otherProcess.waitMs).toBe(0);

    t.clock.advanceBy(2 * 60 * 60_000);
    expect((await t.services.gatewayLogins.bookLogin(shards)).waitMs).toBe(0);
  });
});
