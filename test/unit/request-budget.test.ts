import { describe, expect, it } from 'vitest';
import { createEditQueue } from '../../src/discord/edit-queue.js';
import {
  countsAsInvalid,
  createInvalidRequestBrake,
  isLastingRefusal,
} from '../../src/shared/request-brake.js';

const minutes = (n: number) => n * 60_000;

function brakeOnClock(budget: number) {
  let now = Date.parse('2026-11-28T18:00:00Z');
  const changes: [boolean, number][] = [];
  const brake = createInvalidRequestBrake({
    now: () => now,
    budget,
    onChange: (engaged, count) => changes.push([engaged, count]),
  });
  return { brake, changes, advance: (ms: number) => void (now += ms) };
}

describe('the brake on refused requests', () => {
  it('counts 401, 403 and 429, but not a shared-scope 429 or other answers', () => {
    expect([401, 403, 429].map((status) => countsAsInvalid(status, 'user'))).toEqual([true, true, true]);
    expect(countsAsInvalid(429, 'shared')).toBe(false);
    expect(countsAsInvalid(429, null)).toBe(true);
    expect([200, 204, 400, 404, 500].some((status) => countsAsInvalid(status))).toBe(false);
  });

  it('engages at its budget within 10 minutes, once, and releases when the window holds under half', () => {
    const { brake, changes, advance } = brakeOnClock(10);
    for (let answer = 0; answer < 6; answer++) brake.record(403);
    advance(minutes(5));
    for (let answer = 0; answer < 3; answer++) brake.record(429, 'user');
    brake.record(404);
    brake.record(429, 'shared');
    expect(brake.engaged).toBe(false);
    brake.record(401);
    expect(brake.engaged).toBe(true);
    brake.record(403);
    expect(changes).toEqual([[true, 10]]);

    // The first six are now past the window: five remain, still half the budget.
    advance(minutes(5));
    expect(brake.count()).toBe(5);
    expect(brake.engaged).toBe(true);
    advance(minutes(5));
    expect(brake.engaged).toBe(false);
    expect(changes).toEqual([
      [true, 10],
      [false, 0],
    ]);
  });

  it('counts a long flood over its last 10 minutes only', () => {
    const { brake, advance } = brakeOnClock(2_000);
    for (let second = 0; second < 1_200; second++) {
      advance(1_000);
      for (let answer = 0; answer < 20; answer++) brake.record(403);
    }
    expect(brake.count()).toBe(600 * 20);
    expect(brake.engaged).toBe(true);
  });
});

describe('a lasting refusal', () => {
  it('is a 4xx other than 429, read from the error’s status', () => {
    expect(isLastingRefusal({ status: 403, code: 50013 })).toBe(true);
    expect(isLastingRefusal({ status: 404, code: 10003 })).toBe(true);
    expect(isLastingRefusal({ status: 429 })).toBe(false);
    expect(isLastingRefusal({ status: 503 })).toBe(false);
    expect(isLastingRefusal(new Error('socket hang up'))).toBe(false);
    expect(isLastingRefusal(undefined)).toBe(false);
  });

  it('stops the edits of that message: the queue never asks again', async () => {
    const queue = createEditQueue(1_000);
    let sent = 0;
    const refuse = async () => {
      sent++;
      throw Object.assign(new Error('Missing Access'), { status: 403, code: 50001 });
    };
    await expect(queue.edit('live-1', refuse)).rejects.toThrow('Missing Access');
    await queue.edit('live-1', refuse);
    await queue.edit('live-1', refuse);
    expect(sent).toBe(1);

    // A passing fault does not: the next edit is sent.
    const flaky = async () => {
      sent++;
      throw Object.assign(new Error('Bad Gateway'), { status: 502 });
    };
    await expect(queue.edit('live-2', flaky)).rejects.toThrow('Bad Gateway');
    await expect(queue.edit('live-2', flaky)).rejects.toThrow('Bad Gateway');
    expect(sent).toBe(3);
  });
});
