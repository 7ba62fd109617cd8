import type { Clock } from '../../src/core/clock.js';

export interface TestClock extends Clock {
  set(instant: Date | string): void;
  advanceBy(milliseconds: number): void;
}

export function createTestClock(start: Date | string = '2026-11-25T12:00:00Z'): TestClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (instant) => {
      current = new Date(instant).getTime();
    },
    advanceBy: (milliseconds) => {
      current += milliseconds;
    },
  };
}
