import type { ErrorTexts } from './result.js';

/**
 * What can reach a command that the member's own Discord app would not have sent: a server-only
 * command from outside a server (a modified client, or a command registered where it shouldn't be),
 * or an option of another type than declared (an app still holding an older version of the command).
 */
export type CommandError =
  | { code: 'command.server_only' }
  | { code: 'command.option_unreadable' }
  /** A button whose id no version of the bot reads: an obsolete message's, or a crafted one. */
  | { code: 'command.button_obsolete' };

export const commandErrorTexts: ErrorTexts<CommandError> = {
  'command.server_only': () =>
    'This command works inside a server, not here. Run it in a server we share, and I’ll take it from there.',
  'command.option_unreadable': () =>
    'I couldn’t read one of the options you sent; your Discord app may still have an older version of this command. Restart Discord or wait a minute, then try again.',
  'command.button_obsolete': () =>
    'This button no longer works: it belongs to an older message. Run the command again for a fresh one.',
};
