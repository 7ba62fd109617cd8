import type { PhaseTemplate } from './routines.js';

export interface TimedPhase extends PhaseTemplate {
  readonly startsAt: Date;
  readonly endsAt: Date;
}

/** Where a hold stands at an instant: waiting in the lobby, in a phase, or over. */
export type HoldMoment =
  | { stage: 'lobby'; startsAt: Date }
  | { stage: 'phase'; index: number; phase: TimedPhase; elapsed: number }
  | { stage: 'over' };

export function timePhases(startsAt: Date, phases: readonly PhaseTemplate[]): TimedPhase[] {
  let cursor = startsAt.getTime();
  return phases.map((phase) => {
    const start = cursor;
    cursor += phase.seconds * 1000;
    return { ...phase, startsAt: new Date(start), endsAt: new Date(cursor) };
  });
}

export function holdMomentAt(phases: readonly TimedPhase[], at: Date): HoldMoment {
  const first = phases[0];
  if (!first || at < first.startsAt) return { stage: 'lobby', startsAt: first?.startsAt ?? at };
  const index = phases.findIndex((phase) => at < phase.endsAt);
  if (index < 0) return { stage: 'over' };
  const phase = phases[index]!;
  return { stage: 'phase', index, phase, elapsed: (at.getTime() - phase.startsAt.getTime()) / 1000 };
}

export interface Presence {
  readonly joinedAt: Date;
  /** Null while still in the hold. */
  readonly leftAt: Date | null;
  /** Milliseconds held in each phase (by index) by earlier presences kept on the same row; none: []. */
  readonly heldBeforeMs?: readonly number[];
}

/**
 * What a presence from `joinedAt` to `leftAt` adds, per phase, to the milliseconds already held:
 * kept on the member's row when they join again, so one row holds all their time.
 */
export function bankPresence(
  phases: readonly TimedPhase[],
  heldBeforeMs: readonly number[],
  joinedAt: Date,
  leftAt: Date,
): number[] {
  return phases.map(
    (phase, index) =>
      (heldBeforeMs[index] ?? 0) +
      Math.max(
        0,
        Math.min(leftAt.getTime(), phase.endsAt.getTime()) -
          Math.max(joinedAt.getTime(), phase.startsAt.getTime()),
      ),
  );
}

/**
 * Seconds a member actually held, per exercise: the overlap of their presence with each phase,
 * so joining late or leaving early is credited fairly and overlapping presences count once.
 */
export function heldSeconds(
  phases: readonly TimedPhase[],
  presences: readonly Presence[],
): Map<string, number> {
  const held = new Map<string, number>();
  const intervals = mergeIntervals(
    presences.map((p) => [p.joinedAt.getTime(), (p.leftAt ?? phases.at(-1)?.endsAt ?? p.joinedAt).getTime()]),
  );
  for (const [index, phase] of phases.entries()) {
    let ms = presences.reduce((sum, p) => sum + (p.heldBeforeMs?.[index] ?? 0), 0);
    for (const [from, to] of intervals) {
      ms += Math.max(0, Math.min(to, phase.endsAt.getTime()) - Math.max(from, phase.startsAt.getTime()));
    }
    const seconds = Math.floor(ms / 1000);
    if (seconds > 0) held.set(phase.exercise, (held.get(phase.exercise) ?? 0) + seconds);
  }
  return held;
}

function mergeIntervals(intervals: [number, number][]): [number, number][] {
  const sorted = intervals.filter(([from, to]) => to > from).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}
