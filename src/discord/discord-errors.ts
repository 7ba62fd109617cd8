import { DiscordAPIError } from 'discord.js';

/**
 * Whether Discord refused a request with one of `codes` (RESTJSONErrorCodes), or with any code when none
 * are given: what the bot expects Discord to refuse (a member gone, a channel deleted, DMs closed) it
 * handles, and everything else it lets through as a failure.
 */
export function isDiscordError(error: unknown, ...codes: number[]): error is DiscordAPIError {
  return (
    error instanceof DiscordAPIError &&
    (codes.length === 0 || (typeof error.code === 'number' && codes.includes(error.code)))
  );
}
