import { describe, expect, it } from 'vitest';
import type { Reminder } from '../../src/db/schema.js';
import { renderReminder } from '../../src/discord/render/reminders.js';

// Issue 15: a schedule whose hold can't open this time must not tell the server that one opens.

const schedule = {
  id: 1,
  number: 1,
  kind: 'server',
  channelId: '123456789012345678',
  scheduleWords: 'every day at 18:00',
  openHoldRoutine: 'static-back',
  message: 'Time to stretch',
} as unknown as Reminder;

describe('a scheduled post that opens a hold', () => {
  it('says the hold opens when it can', () => {
    const text = renderReminder(schedule).content;
    expect(text).toContain('A group hold (Static back) opens in its own channel');
  });

  it('says why instead when the hold can’t open, and never that it opens', () => {
    const running = renderReminder(schedule, undefined, {
      code: 'hold.already_running',
      holdChannelId: '223456789012345678',
    }).content;
    expect(running).toContain(
      'could not open this time: the one before is still going in <#223456789012345678>',
    );
    expect(running).not.toContain('opens in its own channel');
    const full = renderReminder(schedule, undefined, { code: 'hold.too_many' }).content;
    expect(full).toContain('this server has as many holds going as it can');
  });
});
