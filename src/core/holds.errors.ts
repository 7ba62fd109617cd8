import type { ErrorTexts } from './result.js';
import { holdMinutesRange, routines } from './routines.js';
import { holdLiveRules } from './hold-steps.js';

/** Limits the holds' texts quote; the service enforces the same numbers. */
export const holdLimits = {
  maxOpenPerServer: 10,
  maxStartsInMinutes: 60,
  ...holdLiveRules,
} as const;

/** What a member can get wrong with /hold, its buttons and schedules that open holds. */
export type HoldError =
  | { code: 'hold.unknown_routine'; typed: string }
  | { code: 'hold.bad_minutes'; routineName: string; minutesMean: string }
  | { code: 'hold.bad_start' }
  | { code: 'hold.already_running'; holdChannelId: string | null }
  | { code: 'hold.too_many' }
  | { code: 'hold.unknown' }
  | { code: 'hold.over' }
  | { code: 'hold.already_in' }
  | { code: 'hold.not_in' }
  | { code: 'hold.none_here' }
  | { code: 'hold.not_yours' }
  /** The bot lacks permissions (their names) for a hold channel, and for a thread when one could be made here. */
  | {
      code: 'hold.cannot_open';
      categoryId: string | null;
      missing: readonly string[];
      threadMissing: readonly string[] | null;
    }
  /** The category already holds Discord's 50 channels, and no thread can be made here instead. */
  | { code: 'hold.no_room'; categoryId: string | null };

const named = (permissions: readonly string[]) => permissions.map((name) => `**${name}**`).join(', ');

export const holdErrorTexts: ErrorTexts<HoldError> = {
  'hold.unknown_routine': ({ typed }) =>
    `There is no routine “${typed.slice(0, 40)}”. Choose one of: ${routines.map((r) => `\`${r.id}\``).join(', ')}.`,
  'hold.bad_minutes': ({ routineName, minutesMean }) =>
    `Minutes go from ${holdMinutesRange.min} to ${holdMinutesRange.max} (for ${routineName} they set ${minutesMean}).`,
  'hold.bad_start': () => `A hold can start up to ${holdLimits.maxStartsInMinutes} minutes from now.`,
  'hold.already_running': ({ holdChannelId }, markup) =>
    `A hold is already going here${holdChannelId ? ` in ${markup.channel(holdChannelId)}` : ''}: join it, or wait until it ends.`,
  'hold.too_many': () =>
    `This server already has ${holdLimits.maxOpenPerServer} holds going; join one of them (\`/hold list\`).`,
  'hold.unknown': () => 'I can’t find that hold any more.',
  'hold.over': () => 'This hold is over. Start a new one with `/hold start`.',
  'hold.already_in': () => 'You’re already in this hold. Stay with it and breathe.',
  'hold.not_in': () => 'You’re not in this hold.',
  'hold.none_here': () => 'There is no hold going in this channel. `/hold list` shows the ones that are.',
  'hold.not_yours': () => 'Only the member who started this hold, or a moderator, can stop it.',
  'hold.cannot_open': ({ categoryId, missing, threadMissing }, markup) =>
    `I can’t open a hold here. For a hold channel I need ${named(missing)} in ${categoryId ? markup.channel(categoryId) : 'this server'}` +
    (threadMissing ? `; for a thread instead, ${named(threadMissing)} in this channel` : '') +
    '. A server admin can give me these, or choose another category with `/setup holds`.',
  'hold.no_room': ({ categoryId }, markup) =>
    `${categoryId ? `${markup.channel(categoryId)} already has 50 channels` : 'This server already has 500 channels'}, as many as Discord allows, and I can’t open a thread here instead. A server admin can make room, or choose another category with \`/setup holds\`.`,
};
