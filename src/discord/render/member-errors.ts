import { channelMention } from 'discord.js';
import { holdErrorTexts } from '../../core/holds.errors.js';
import { loggingErrorTexts } from '../../core/logging.errors.js';
import { remindersErrorTexts } from '../../core/reminders.errors.js';
import type { ErrorTexts, Markup, MemberError } from '../../core/result.js';

/** Every feature's catalogue; a feature with errors of its own adds its texts here. */
const catalogues: ErrorTexts<MemberError>[] = [
  loggingErrorTexts as ErrorTexts<MemberError>,
  holdErrorTexts as ErrorTexts<MemberError>,
  remindersErrorTexts as ErrorTexts<MemberError>,
];

const texts = new Map<string, (error: MemberError, markup: Markup) => string>(
  catalogues.flatMap((catalogue) => Object.entries(catalogue)),
);

const discordMarkup: Markup = { channel: (id) => channelMention(id) };

/** The words a member reads for one of their mistakes, with Discord's mentions. */
export function memberErrorText(error: MemberError): string {
  const text = texts.get(error.code);
  if (text) return text(error, discordMarkup);
  // The old shape carried its own words; every feature is moving to a catalogue.
  if ('message' in error && typeof error.message === 'string') return error.message;
  throw new Error(`No text for the member error ${error.code}`);
}
