import { describe, expect, it } from 'vitest';
import { createThrottle } from '../../src/core/throttle.js';

describe('createThrottle', () => {
  it('allows a burst, then one more per refill step, per member', () => {
    let now = 0;
    const throttle = createThrottle({ burst: 5, windowMs: 10_000, now: () => now });
    const five = Array.from({ length: 6 }, () => throttle.allow('alice'));
    expect(five).toEqual([true, true, true, true, true, false]);
    expect(throttle.allow('bob')).toBe(true);
    now += 1_999;
    expect(throttle.allow('alice')).toBe(false);
    now += 1;
    expect(throttle.allow('alice')).toBe(true);
    expect(throttle.allow('alice')).toBe(false);
    now += 60_000;
    expect(Array.from({ length: 6 }, () => throttle.allow('alice')).filter(Boolean)).toHaveLength(5);
  });

  it('still limits members once it has seen more than 10,000 of them', () => {
    let now = 0;
    const throttle = createThrottle({ burst: 5, windowMs: 10_000, now: () => now });
    for (let i = 0; i < 10_001; i++) throttle.allow(`member${i}`);
    now += 10_000;
    expect(Array.from({ length: 6 }, () => throttle.allow('newcomer'))).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(Array.from({ length: 6 }, () => throttle.allow('member1')).filter(Boolean)).toHaveLength(5);
  });
});
