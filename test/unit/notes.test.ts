import { describe, expect, it } from 'vitest';
import { checkNote } from '../../src/core/notes.js';

describe('checkNote', () => {
  it('keeps a short note, trimmed, and treats blank as none', () => {
    expect(checkNote('  felt good ')).toEqual({ ok: true, value: 'felt good' });
    expect(checkNote('   ')).toEqual({ ok: true, value: null });
    expect(checkNote(null)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['x'.repeat(5000), 'note.too_long'],
    ['hi @everyone', 'note.mention'],
    ['@HERE look', 'note.mention'],
    ['thanks <@123456789012345678>', 'note.mention'],
    ['<@&123456789012345678>', 'note.mention'],
  ])('rejects %j', (note, code) => {
    const result = checkNote(note);
    expect(result.ok ? 'accepted' : result.error.code).toBe(code);
  });
});
