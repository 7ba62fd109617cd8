import { describe, expect, it } from 'vitest';
import { exerciseById } from '../../src/core/exercises.js';
import { countOf } from '../../src/discord/render/format.js';
import { describeAmount } from '../../src/discord/render/log.js';

describe('countOf', () => {
  it('puts the noun in the number the count needs', () => {
    expect(countOf(1, 'day')).toBe('1 day');
    expect(countOf(0, 'day')).toBe('0 days');
    expect(countOf(3, 'hold record')).toBe('3 hold records');
    expect(countOf(2, 'entry', 'entries')).toBe('2 entries');
  });
});

describe('describeAmount', () => {
  it('names reps in the plural, and a single rep as one rep of the exercise', () => {
    const pushups = exerciseById('pushups')!;
    expect(describeAmount(pushups, 30)).toBe('30 push-ups');
    expect(describeAmount(pushups, 1)).toBe('1 rep of push-ups');
    expect(describeAmount(exerciseById('static-back')!, 1200)).toBe('20 min of static back');
    expect(describeAmount(exerciseById('walk')!, 1800)).toBe('30 min of walking');
  });
});
