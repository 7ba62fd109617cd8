import type { ErrorTexts } from './result.js';

/** What a member can get wrong with /log and /undo. */
export type LoggingError = { code: 'log.unknown_exercise'; typed: string } | { code: 'undo.nothing' };

export const loggingErrorTexts: ErrorTexts<LoggingError> = {
  'log.unknown_exercise': ({ typed }) =>
    `I don’t know the exercise “${typed.slice(0, 40)}”. Pick one from the list, or see /help.`,
  'undo.nothing': () => 'You have no logs in this server, so there is nothing to undo.',
};
