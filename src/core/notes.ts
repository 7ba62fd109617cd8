import type { LoggingError } from './logging.errors.js';
import { visibleText } from './member-text.js';
import { err, ok, type Result } from './result.js';

export const noteMaxLength = 200;

const mention = /@everyone|@here|<@[!&]?\d+>/i;

/** A note is a short private remark; it may never carry a ping, even though every send also blocks them. */
export function checkNote(note: string | null | undefined): Result<string | null, LoggingError> {
  const text = visibleText(note);
  if (text === '') return ok(null);
  if (text.length > noteMaxLength) {
    return err<LoggingError>({ code: 'note.too_long', length: text.length });
  }
  if (mention.test(text)) {
    return err<LoggingError>({ code: 'note.mention' });
  }
  return ok(text);
}
