import { fail, ok, type Result } from './result.js';

export const noteMaxLength = 200;

const mention = /@everyone|@here|<@[!&]?\d+>/i;

/** A note is a short private remark; it may never carry a ping, even though every send also blocks them. */
export function checkNote(note: string | null | undefined): Result<string | null> {
  const text = note?.trim() ?? '';
  if (text === '') return ok(null);
  if (text.length > noteMaxLength) {
    return fail('note.too_long', `Notes are up to ${noteMaxLength} characters; yours has ${text.length}.`);
  }
  if (mention.test(text)) {
    return fail('note.mention', 'Notes can’t contain mentions such as @everyone, @here or pings.');
  }
  return ok(text);
}
