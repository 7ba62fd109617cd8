import { describe, expect, it } from 'vitest';
import { joinWithin, nameOf } from '../../src/discord/render/format.js';

describe('joinWithin', () => {
  it('joins everything that fits, unchanged', () => {
    expect(joinWithin(['Alice', 'Bob'], ', ', 20)).toBe('Alice, Bob');
  });

  it('keeps whole entries only, and counts the rest, within the limit', () => {
    const entries = Array.from({ length: 60 }, (_, i) => `<@${1_000_000_000_000_000 + i}>`);
    const text = joinWithin(entries, ' ', 200);
    expect(text.length).toBeLessThanOrEqual(200);
    const shown = text.match(/<@\d+>/g) ?? [];
    expect(shown).toEqual(entries.slice(0, shown.length));
    expect(text).toMatch(new RegExp(`<@\\d+> and ${60 - shown.length} more$`));
  });

  it('shows at most `most` entries', () => {
    expect(joinWithin(['a', 'b', 'c'], ' ', 100, { most: 2 })).toBe('a b and 1 more');
  });
});

describe('nameOf', () => {
  it('names a member by their kept name, with markdown escaped, else mentions them', () => {
    const names = new Map([['1', 'bold_*me*']]);
    expect(nameOf(names, '1')).toBe('bold\\_\\*me\\*');
    expect(nameOf(names, '2')).toBe('<@2>');
  });
});
