import { describe, expect, it } from 'vitest';
import { creditTotals, holdCredits, nextHoldStep, type HoldState } from '../../src/core/hold-steps.js';
import { timePhases } from '../../src/core/hold-timeline.js';
import { holdErrorTexts } from '../../src/core/holds.errors.js';
import { routineById, scalePhases } from '../../src/core/routines.js';

const start = new Date('2026-11-28T20:30:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

/** A 40-minute supine groin hold (two legs of 20 minutes), its live message up, nothing announced yet. */
const groin: HoldState = {
  status: 'open',
  startsAt: start,
  endsAt: at(40),
  phases: scalePhases(routineById('supine-groin')!),
  announcedStep: -1,
  liveMessageId: '900000000000000001',
  removeChannelAt: null,
  channelRemovedAt: null,
};

describe('nextHoldStep', () => {
  const phases = timePhases(start, groin.phases);

  it.each<[string, Partial<HoldState>, number, number | undefined, ReturnType<typeof nextHoldStep>]>([
    ['waits in the lobby until the start', {}, -1, undefined, { kind: 'wait', until: at(0) }],
    [
      'waits for the start to post the live message',
      { liveMessageId: null },
      0,
      undefined,
      { kind: 'wait', until: null },
    ],
    ['announces a phase that has begun', {}, 0, undefined, { kind: 'announce', index: 0, phase: phases[0]! }],
    [
      'announces only the phase running now after a late look',
      {},
      25,
      undefined,
      { kind: 'announce', index: 1, phase: phases[1]! },
    ],
    [
      'waits mid-phase until a minute after the progress was shown',
      { announcedStep: 0 },
      5,
      4.5,
      { kind: 'wait', until: at(5.5) },
    ],
    ['refreshes the progress a minute after it was shown', { announcedStep: 0 }, 5, 4, { kind: 'refresh' }],
    [
      'refreshes at once a hold this process has not shown',
      { announcedStep: 0 },
      5,
      undefined,
      { kind: 'refresh' },
    ],
    [
      'counts from the start when nothing was shown',
      { announcedStep: 0 },
      0.5,
      undefined,
      { kind: 'wait', until: at(1) },
    ],
    [
      'waits for the next phase when it comes before the progress',
      { announcedStep: 0 },
      19.5,
      19.2,
      { kind: 'wait', until: at(20) },
    ],
    [
      'waits for the end when it comes before the progress',
      { announcedStep: 1 },
      39.5,
      39.2,
      { kind: 'wait', until: at(40) },
    ],
    ['finishes when the end is reached', { announcedStep: 1 }, 40, 39.5, { kind: 'finish', at: at(40) }],
    ['finishes as of the end when it passed long ago', {}, 90, undefined, { kind: 'finish', at: at(40) }],
    [
      'finishes even before its live message is up',
      { liveMessageId: null },
      40,
      undefined,
      { kind: 'finish', at: at(40) },
    ],
    [
      'waits to remove the channel of a finished hold',
      { status: 'finished', removeChannelAt: at(42) },
      41,
      undefined,
      { kind: 'wait', until: at(42) },
    ],
    [
      'removes the channel of a finished hold when its time comes',
      { status: 'finished', removeChannelAt: at(42) },
      42,
      undefined,
      { kind: 'remove-channel' },
    ],
    [
      'removes the channel of a cancelled hold',
      { status: 'cancelled', removeChannelAt: at(-1) },
      -1,
      undefined,
      { kind: 'remove-channel' },
    ],
    [
      'does nothing more once the channel is removed',
      { status: 'finished', removeChannelAt: at(42), channelRemovedAt: at(42) },
      50,
      undefined,
      { kind: 'wait', until: null },
    ],
    [
      'does nothing for a cancelled hold that never had a channel',
      { status: 'cancelled' },
      0,
      undefined,
      { kind: 'wait', until: null },
    ],
  ])('%s', (_, changes, now, shownAt, step) => {
    expect(
      nextHoldStep({ ...groin, ...changes }, at(now), shownAt === undefined ? undefined : at(shownAt)),
    ).toEqual(step);
  });
});

describe('holdCredits', () => {
  const groinPhases = timePhases(start, groin.phases);
  const evening = timePhases(start, scalePhases(routineById('evening-stretch')!));

  it.each<
    [
      string,
      typeof groinPhases,
      number,
      { userId: string; joinedAt: number; leftAt: number | null }[],
      object[],
    ]
  >([
    [
      'credits the whole hold to a member there from the lobby to the end',
      groinPhases,
      40,
      [{ userId: 'a', joinedAt: -5, leftAt: null }],
      [{ userId: 'a', exercise: 'supine-groin', seconds: 2400 }],
    ],
    [
      'cuts at the instant a hold is stopped',
      groinPhases,
      5,
      [
        { userId: 'a', joinedAt: -5, leftAt: null },
        { userId: 'b', joinedAt: 2, leftAt: null },
      ],
      [
        { userId: 'a', exercise: 'supine-groin', seconds: 300 },
        { userId: 'b', exercise: 'supine-groin', seconds: 180 },
      ],
    ],
    [
      'counts a member who left and came back once for each stretch held',
      groinPhases,
      40,
      [
        { userId: 'a', joinedAt: 0, leftAt: 10 },
        { userId: 'a', joinedAt: 30, leftAt: null },
      ],
      [{ userId: 'a', exercise: 'supine-groin', seconds: 1200 }],
    ],
    [
      'splits a stopped evening stretch between the exercises reached',
      evening,
      4,
      [{ userId: 'a', joinedAt: 0, leftAt: null }],
      [
        { userId: 'a', exercise: 'calf-stretch', seconds: 120 },
        { userId: 'a', exercise: 'hamstring-stretch', seconds: 120 },
      ],
    ],
    [
      'credits nothing to a member who joined after the stop',
      groinPhases,
      5,
      [{ userId: 'a', joinedAt: 6, leftAt: null }],
      [],
    ],
  ])('%s', (_, phases, endedAt, presences, credits) => {
    const rows = presences.map((p) => ({
      userId: p.userId,
      joinedAt: at(p.joinedAt),
      leftAt: p.leftAt === null ? null : at(p.leftAt),
    }));
    expect(holdCredits(phases, at(endedAt), rows)).toEqual(credits);
  });

  it('totals each member in joining order, those who held nothing included', () => {
    const rows = [
      { userId: 'b', joinedAt: at(0), leftAt: null },
      { userId: 'a', joinedAt: at(1), leftAt: null },
      { userId: 'c', joinedAt: at(6), leftAt: null },
    ];
    expect(creditTotals(rows, holdCredits(groinPhases, at(5), rows))).toEqual([
      { userId: 'b', seconds: 300 },
      { userId: 'a', seconds: 240 },
      { userId: 'c', seconds: 0 },
    ]);
  });
});

describe('the holds’ error texts', () => {
  const markup = { channel: (id: string) => `#${id}` };

  it('names the running hold’s channel through the surface’s markup', () => {
    expect(
      holdErrorTexts['hold.already_running']({ code: 'hold.already_running', holdChannelId: '42' }, markup),
    ).toBe('A hold is already going here in #42: join it, or wait until it ends.');
    expect(
      holdErrorTexts['hold.already_running']({ code: 'hold.already_running', holdChannelId: null }, markup),
    ).toBe('A hold is already going here: join it, or wait until it ends.');
  });

  it('lists the routines for an unknown one', () => {
    expect(
      holdErrorTexts['hold.unknown_routine']({ code: 'hold.unknown_routine', typed: 'yoga' }, markup),
    ).toMatch(/^There is no routine “yoga”\. Choose one of: .*`supine-groin`/);
  });
});
