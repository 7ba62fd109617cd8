import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { Clock } from '../core/clock.js';
import { tooSlowReply } from './render/replies.js';

/**
 * Discord drops an interaction not answered within 3 s of its creation (not of its arrival: one
 * replayed after a RESUME arrives late); this leaves time for the answer to travel.
 */
export const answerDeadlineMs = 2_500;

/**
 * An interaction older than this on arrival is not applied: it could not be both done and answered
 * in time, and a member who saw "did not respond" and tries again must not have it counted twice.
 */
export const staleAfterMs = 2_000;

/**
 * Older than this is no replay (a session is resumable for minutes, a token lasts 15): Align's clock
 * and Discord's disagree, and the interaction is taken as fresh rather than every one refused.
 */
export const implausibleAgeMs = 15 * 60_000;

/** How long ago Discord created the interaction (its snowflake), on Align's clock; 0 when the clocks disagree. */
export function interactionAgeMs(interaction: { createdTimestamp: number }, clock: Clock): number {
  const ageMs = clock.now().getTime() - interaction.createdTimestamp;
  return ageMs < 0 || ageMs > implausibleAgeMs ? 0 : ageMs;
}

type Answerable = ChatInputCommandInteraction | ButtonInteraction;
const firstAnswers = ['reply', 'deferReply', 'update', 'deferUpdate'] as const;

/**
 * Watches a handler's first answer to an interaction. If none has begun by the deadline, the member
 * is told the bot is too slow right now (rather than seeing Discord's "did not respond"), and the
 * handler's late answer is dropped instead of failing as a second answer.
 */
export function answerBeforeDeadline(
  interaction: Answerable,
  onLateAnswerFailed: (error: unknown) => void,
  /** How old the interaction already was when it arrived. */
  ageMs = 0,
) {
  let begun = false;
  let timedOut = false;
  const methods = interaction as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of firstAnswers) {
    const original = methods[name];
    if (typeof original !== 'function') continue;
    methods[name] = (...args: unknown[]) => {
      if (timedOut) return Promise.resolve(undefined);
      begun = true;
      return original.apply(interaction, args);
    };
  }
  const timer = setTimeout(
    () => {
      if (begun) return;
      const answer = methods.reply!.call(interaction, tooSlowReply());
      timedOut = true;
      answer.catch(onLateAnswerFailed);
    },
    Math.max(0, answerDeadlineMs - ageMs),
  );
  return {
    /** True once the member has been told it was too slow: the handler's own outcome is not theirs to see. */
    get timedOut() {
      return timedOut;
    },
    done: () => clearTimeout(timer),
  };
}
