import { describe, expect, it } from 'vitest';
import { formatDuration, parseAmount } from '../../src/core/amount.js';
import { exerciseById } from '../../src/core/exercises.js';
import { memberErrorText } from '../../src/discord/render/member-errors.js';

const pushups = exerciseById('pushups')!;
const superman = exerciseById('superman')!;
const staticBack = exerciseById('static-back')!;

const value = (result: ReturnType<typeof parseAmount>) => (result.ok ? result.value : result.error.code);

describe('parseAmount', () => {
  it('reads reps as whole numbers', () => {
    expect(value(parseAmount(pushups, '30'))).toBe(30);
    expect(value(parseAmount(pushups, ' 25 '))).toBe(25);
  });

  it.each([
    ['0', 'amount.too_small'],
    ['-5', 'amount.not_reps'],
    ['1e9', 'amount.not_reps'],
    ['abc', 'amount.not_reps'],
    ['12.5', 'amount.not_reps'],
    ['', 'amount.not_reps'],
    ['10000', 'amount.too_large'],
    ['99999999999999999999', 'amount.huge'],
  ])('rejects %j for reps with %s', (input, code) => {
    expect(value(parseAmount(pushups, input))).toBe(code);
  });

  it.each([
    ['90s', 90],
    ['2m', 120],
    ['2min', 120],
    ['1:30', 90],
    ['1m30s', 90],
    ['1h', 3600],
    ['0h45', 2700],
    ['1:00:00', 3600],
    ['20', 1200],
    ['2.5', 150],
  ])('reads the duration %j for a minutes exercise as %i seconds', (input, seconds) => {
    expect(value(parseAmount(staticBack, input))).toBe(seconds);
  });

  it('reads a bare number as seconds when that is the exercise’s unit', () => {
    expect(value(parseAmount(superman, '45'))).toBe(45);
    expect(value(parseAmount(superman, '2m'))).toBe(120);
  });

  it.each([
    ['1:99', 'amount.bad_clock'],
    ['1h75', 'amount.bad_clock'],
    ['abc', 'amount.not_duration'],
    ['-5', 'amount.not_duration'],
    ['1e9', 'amount.not_duration'],
    ['0', 'amount.too_small'],
    ['0s', 'amount.too_small'],
    ['5h', 'amount.too_large'],
    ['m', 'amount.not_duration'],
  ])('rejects %j for a duration with %s', (input, code) => {
    expect(value(parseAmount(staticBack, input))).toBe(code);
  });

  it('explains the limit in words', () => {
    const result = parseAmount(pushups, '10000');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(memberErrorText(result.error)).toMatch(/10000 reps.*500 reps/);
  });
});

describe('formatDuration', () => {
  it('writes hours, minutes and seconds, leaving out zeros', () => {
    expect(formatDuration(90)).toBe('1 min 30 s');
    expect(formatDuration(1200)).toBe('20 min');
    expect(formatDuration(3725)).toBe('1 h 2 min 5 s');
    expect(formatDuration(0)).toBe('0 s');
  });
});
