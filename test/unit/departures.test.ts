import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { parseCustomId, reminderStopButtonId } from '../../src/discord/custom-ids.js';
import { refusalOf } from '../../src/discord/reminder-sender.js';

const refused = (status: number, code: number) =>
  new DiscordAPIError({ code, message: 'refused' }, code, status, 'POST', '/channels/1/messages', {});

describe('which Discord answers are final for a scheduled post', () => {
  it.each([
    [403, 50007, 'dms-closed'],
    [403, 50278, 'dms-closed'],
    [404, 10003, 'channel-gone'],
    [403, 50001, 'not-allowed'],
    [403, 50013, 'not-allowed'],
    [400, 50008, 'not-allowed'],
    [400, 200000, 'blocked'],
    [400, 50035, 'refused'],
  ] as const)('%i %i is a lasting refusal (%s)', (status, code, refusal) => {
    expect(refusalOf(refused(status, code))).toBe(refusal);
  });

  it.each([
    ['a rate limit', refused(429, 0)],
    ['a bad token, the bot’s own fault', refused(401, 0)],
    ['a deleted original of an enforced nonce', refused(404, 10008)],
    ['a server error', refused(502, 0)],
    ['a dropped connection', new Error('socket hang up')],
  ])('%s is not: the fire may be tried again', (_what, error) => {
    expect(refusalOf(error)).toBeUndefined();
  });
});

describe('the Stop button’s id', () => {
  it('names the reminder by id and reads back', () => {
    expect(parseCustomId(reminderStopButtonId(42))).toEqual({
      feature: 'reminder',
      action: 'stop',
      reminderId: 42,
    });
    expect(parseCustomId('reminder:stop:abc')).toBeUndefined();
  });
});
