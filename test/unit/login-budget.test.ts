import { describe, expect, it } from 'vitest';
import { loginDelayMs, type RecordedLogin } from '../../src/core/login-budget.js';

const now = Date.parse('2026-11-28T12:00:00Z');
const minutes = (n: number) => n * 60_000;
const one = { shardKey: '0/1', shards: 1 };
const loginsAgo = (...ago: number[]): RecordedLogin[] => ago.map((ms) => ({ at: now - ms, ...one }));

describe('loginDelayMs', () => {
  it('lets the first few restarts in an hour log in at once', () => {
    expect(loginDelayMs([], one, now)).toBe(0);
    expect(loginDelayMs(loginsAgo(minutes(1), minutes(2)), one, now)).toBe(0);
  });

  it('backs off, doubling, when a process keeps restarting', () => {
    expect(loginDelayMs(loginsAgo(1_000, minutes(1), minutes(2)), one, now)).toBe(15_000 - 1_000);
    expect(loginDelayMs(loginsAgo(0, 1, 2, 3), one, now)).toBe(30_000);
    expect(loginDelayMs(loginsAgo(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), one, now)).toBe(minutes(15));
  });

  it('forgets restarts older than an hour, and other processes’ restarts', () => {
    expect(loginDelayMs(loginsAgo(minutes(61), minutes(62), minutes(63)), one, now)).toBe(0);
    const others = loginsAgo(0, 1, 2, 3).map((login) => ({ ...login, shardKey: '1/2' }));
    expect(loginDelayMs(others, one, now)).toBe(0);
  });

  it('keeps a day’s logins across every shard under Discord’s budget, with some to spare', () => {
    // 900 IDENTIFYs spent by a 100-shard process restarting every 2.5 hours.
    const day = Array.from({ length: 9 }, (_, i) => ({
      at: now - minutes(150) * (i + 1),
      shardKey: 'all',
      shards: 100,
    }));
    expect(loginDelayMs(day, { shardKey: 'all', shards: 1 }, now)).toBe(
      day[day.length - 1]!.at + minutes(24 * 60) - now,
    );
    expect(loginDelayMs(day.slice(1), { shardKey: 'all', shards: 100 }, now)).toBe(0);
  });
});
