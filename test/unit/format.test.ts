import { describe, expect, it } from 'vitest';
import { countOf } from '../../src/discord/render/format.js';

describe('countOf', () => {
  it('puts the noun in the number the count needs', () => {
    expect(countOf(1, 'day')).toBe('1 day');
    expect(countOf(0, 'day')).toBe('0 days');
    expect(countOf(3, 'hold record')).toBe('3 hold records');
    expect(countOf(2, 'entry', 'entries')).toBe('2 entries');
  });
});
