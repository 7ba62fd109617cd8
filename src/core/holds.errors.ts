import type { ErrorTexts } from './result.js';
import { holdMinutesRange, routines } from './routines.js';
import { holdLiveRules } from './hold-steps.js';

/** Limits the holds' texts quote; the service enforces the same numbers. */
export const holdLimits = {
  maxOpenPerServer: 10,
  /** One member can't fill a server's places: holds they started and that are still open. */
  maxOpenPerStarter: 2,
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
  | { code: 'hold.too_many_yours' }
  /** The voice option: not a voice channel of this server, or one the starter can't see or join. */
  | { code: 'hold.bad_voice'; reason: 'elsewhere' | 'wrong_kind' }
  | { code: 'hold.voice_closed_to_you'; voiceChannelId: string }
  /** `/setup holds category`: not a category of this server. */
  | { code: 'hold.bad_category' }
  | { code: 'hold.bots_not_allowed' }
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
  'hold.too_many_yours': () =>
    `You already have ${holdLimits.maxOpenPerStarter} holds going here. Stop one with \`/hold stop\` in its channel, or join someone else’s (\`/hold list\`).`,
  'hold.bad_voice': () =>
    'That isn’t a voice channel of this server. Choose one of its voice channels, or leave `voice` empty.',
  'hold.voice_closed_to_you': ({ voiceChannelId }, markup) =>
    `You can only tie a hold to a voice channel you can see and join, and you can’t join ${markup.channel(voiceChannelId)} (it takes **View Channel** and **Connect**). Choose another, or leave \`voice\` empty.`,
  'hold.bad_category': () =>
    'Hold channels go in a category of this server (the folders its channels sit in). Choose one, or leave `category` empty.',
  'hold.bots_not_allowed': () => 'Bots don’t take part in holds.',
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
