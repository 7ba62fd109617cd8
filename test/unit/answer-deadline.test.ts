import type { ChatInputCommandInteraction } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerBeforeDeadline, answerDeadlineMs } from '../../src/discord/answer-deadline.js';

/** Just the answering surface of an interaction, recording what reached Discord. */
function fakeInteraction() {
  const sent: unknown[] = [];
  const interaction = {
    reply: (answer: unknown) => {
      sent.push(answer);
      return Promise.resolve();
    },
    deferReply: () => {
      sent.push('deferred');
      return Promise.resolve();
    },
  };
  return { interaction: interaction as unknown as ChatInputCommandInteraction, sent };
}

describe('answerBeforeDeadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('leaves a handler that answers in time alone', async () => {
    const { interaction, sent } = fakeInteraction();
    const deadline = answerBeforeDeadline(interaction, () => {});
    await interaction.reply({ content: 'logged' });
    vi.advanceTimersByTime(answerDeadlineMs * 2);
    deadline.done();
    expect(sent).toEqual([{ content: 'logged' }]);
    expect(deadline.timedOut).toBe(false);
  });

  it('tells the member it is too slow at the deadline, and drops the late answer', async () => {
    const { interaction, sent } = fakeInteraction();
    const deadline = answerBeforeDeadline(interaction, () => {});
    vi.advanceTimersByTime(answerDeadlineMs);
    await interaction.reply({ content: 'logged, late' });
    deadline.done();
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toMatch(/answering very slowly/);
    expect(deadline.timedOut).toBe(true);
  });

  it('counts a deferral as an answer begun', () => {
    const { interaction, sent } = fakeInteraction();
    const deadline = answerBeforeDeadline(interaction, () => {});
    void interaction.deferReply();
    vi.advanceTimersByTime(answerDeadlineMs * 2);
    expect(sent).toEqual(['deferred']);
    expect(deadline.timedOut).toBe(false);
  });
});
