import { describe, expect, it } from 'vitest';
import { createMemberBudget, createThrottle, interactionCost } from '../../src/core/throttle.js';

const alice = (guildId: string | null = 'g1') => ({ guildId, userId: 'alice' });
const times = (n: number, f: () => boolean) => Array.from({ length: n }, f);

describe('the member budget', () => {
  it('never counts a clock stepping back as time owed: no lockout after an NTP correction', () => {
    let now = 1_000_000;
    const throttle = createThrottle({ burst: 5, windowMs: 10_000, now: () => now });
    expect(times(5, () => throttle.allow('alice')).every(Boolean)).toBe(true);
    now -= 3_600_000; // the system clock steps back an hour
    expect(throttle.allow('alice')).toBe(false);
    now += 2_000; // two seconds later by the stepped-back clock: one token back, as ever
    expect(throttle.allow('alice')).toBe(true);
    expect(throttle.allow('alice')).toBe(false);
    now += 10_000;
    expect(times(6, () => throttle.allow('alice')).filter(Boolean)).toHaveLength(5);
  });

  it('keeps a member who stepped back while full at a full burst, not below it', () => {
    let now = 50_000;
    const throttle = createThrottle({ burst: 5, windowMs: 10_000, now: () => now });
    expect(throttle.allow('bob')).toBe(true);
    now -= 40_000;
    expect(times(6, () => throttle.allow('bob')).filter(Boolean)).toHaveLength(4);
  });

  it('charges a button half a command and an autocomplete a tenth, from one budget', () => {
    let now = 0;
    const budget = createMemberBudget({ burst: 5, windowMs: 10_000, now: () => now });
    expect(times(10, () => budget.allow(alice(), interactionCost.button)).every(Boolean)).toBe(true);
    expect(budget.allow(alice(), interactionCost.button)).toBe(false);
    expect(budget.allow(alice(), interactionCost.command)).toBe(false);
    expect(budget.allow(alice(), interactionCost.autocomplete)).toBe(false);
    now += 2_000; // one token back
    expect(times(10, () => budget.allow(alice(), interactionCost.autocomplete)).every(Boolean)).toBe(true);
    expect(budget.allow(alice(), interactionCost.autocomplete)).toBe(false);
  });

  it('counts a member in each server and, at twice the burst, across servers', () => {
    const budget = createMemberBudget({ burst: 5, windowMs: 10_000, now: () => 0 });
    const allowed = ['g1', 'g2', 'g3', 'g4'].map(
      (guildId) =>
        times(5, () => budget.allow(alice(guildId), interactionCost.command)).filter(Boolean).length,
    );
    expect(allowed).toEqual([5, 5, 0, 0]);
    expect(budget.allow({ guildId: 'g3', userId: 'bob' }, interactionCost.command)).toBe(true);
    expect(budget.allow(alice(null), interactionCost.command)).toBe(false);
  });

  it('spends nothing from one budget when the other refuses', () => {
    const now = 0;
    const budget = createMemberBudget({ burst: 5, windowMs: 10_000, now: () => now });
    times(5, () => budget.allow(alice('g1'), interactionCost.command));
    // Refused in g1 (its server budget is spent): the across-servers budget keeps its five.
    times(20, () => budget.allow(alice('g1'), interactionCost.command));
    expect(times(5, () => budget.allow(alice('g2'), interactionCost.command)).every(Boolean)).toBe(true);
    expect(budget.allow(alice('g3'), interactionCost.command)).toBe(false);
  });
});
