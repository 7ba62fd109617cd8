import { channelMention } from 'discord.js';
import { commandErrorTexts } from '../../core/commands.errors.js';
import { holdErrorTexts } from '../../core/holds.errors.js';
import { leaderboardErrorTexts } from '../../core/leaderboards.errors.js';
import { loggingErrorTexts } from '../../core/logging.errors.js';
import { privacyErrorTexts } from '../../core/privacy.errors.js';
import { remindersErrorTexts } from '../../core/reminders.errors.js';
import { statsErrorTexts } from '../../core/stats.errors.js';
import { timeZoneErrorTexts } from '../../core/time-zones.errors.js';
import { isolated } from './format.js';
import type { ErrorTexts, Markup, MemberError } from '../../core/result.js';

/** Every feature's catalogue; a feature with errors of its own adds its texts here. */
const catalogues = [
  loggingErrorTexts,
  holdErrorTexts,
  remindersErrorTexts,
  statsErrorTexts,
  leaderboardErrorTexts,
  privacyErrorTexts,
  timeZoneErrorTexts,
  commandErrorTexts,
] as unknown as ErrorTexts<MemberError>[];

const texts = new Map<string, (error: MemberError, markup: Markup) => string>(
  catalogues.flatMap((catalogue) => Object.entries(catalogue)),
);

const discordMarkup: Markup = { channel: (id) => channelMention(id) };

/**
 * What the member typed (`typed`, and any other text a catalogue quotes) is isolated before a text
 * quotes it, so a right-to-left override in it cannot turn the bot's words around.
 */
function echoedSafely(error: MemberError): MemberError {
  const entries = Object.entries(error).map(([key, value]) => [
    key,
    key !== 'code' && typeof value === 'string' ? isolated(value) : value,
  ]);
  return Object.fromEntries(entries) as MemberError;
}

/** The words a member reads for one of their mistakes, with Discord's mentions. */
export function memberErrorText(error: MemberError): string {
  const text = texts.get(error.code);
  if (text) return text(echoedSafely(error), discordMarkup);
  throw new Error(`No text for the member error ${error.code}`);
}
