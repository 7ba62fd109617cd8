import type { ChatInputCommandInteraction } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  answerBeforeDeadline,
  answerDeadlineMs,
  implausibleAgeMs,
  interactionAgeMs,
} from '../../src/discord/answer-deadline.js';
import { createTestClock } from '../support/clock.js';

describe('the 3 seconds are counted from the interaction’s creation', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('measures the age on Align’s clock; a clock behind or far ahead of Discord’s counts as fresh', () => {
    const clock = createTestClock('2026-11-28T18:00:04Z');
    const created = Date.parse('2026-11-28T18:00:00Z');
    expect(interactionAgeMs({ createdTimestamp: created }, clock)).toBe(4_000);
    expect(interactionAgeMs({ createdTimestamp: created + 10_000 }, clock)).toBe(0);
    expect(interactionAgeMs({ createdTimestamp: created - implausibleAgeMs }, clock)).toBe(0);
  });

  it('an interaction that arrived 2 s old gets the slow answer 0.5 s later, not 2.5 s later', () => {
    const sent: unknown[] = [];
    const interaction = {
      reply: (answer: unknown) => {
        sent.push(answer);
        return Promise.resolve();
      },
    } as unknown as ChatInputCommandInteraction;
    const deadline = answerBeforeDeadline(interaction, () => {}, 2_000);
    vi.advanceTimersByTime(answerDeadlineMs - 2_000 - 1);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(JSON.stringify(sent[0])).toMatch(/answering very slowly/);
    deadline.done();
  });
});
