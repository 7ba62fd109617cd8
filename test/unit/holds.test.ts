import { describe, expect, it } from 'vitest';
import { heldSeconds, holdMomentAt, timePhases } from '../../src/core/hold-timeline.js';
import { routineById, scalePhases } from '../../src/core/routines.js';

const start = new Date('2026-11-28T20:30:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

describe('routines', () => {
  it('scales so that minutes mean what the routine says', () => {
    const groin = routineById('supine-groin')!;
    expect(scalePhases(groin).map((p) => p.seconds)).toEqual([1200, 1200]);
    expect(scalePhases(groin, 15).map((p) => p.seconds)).toEqual([900, 900]);
    const evening = routineById('evening-stretch')!;
    const total = (minutes: number) => scalePhases(evening, minutes).reduce((sum, p) => sum + p.seconds, 0);
    expect(total(28)).toBe(28 * 60);
    expect(total(14)).toBe(14 * 60);
    expect(scalePhases(evening).map((p) => p.exercise)).toEqual([
      'calf-stretch',
      'calf-stretch',
      'hamstring-stretch',
      'hamstring-stretch',
      'glute-stretch',
      'glute-stretch',
      'hip-flexor-stretch',
      'hip-flexor-stretch',
      'static-back',
    ]);
  });

  it('finds routines by id only', () => {
    expect(routineById('Static-Back')?.id).toBe('static-back');
    expect(routineById('yoga')).toBeUndefined();
  });
});

describe('the hold timeline', () => {
  const phases = timePhases(start, scalePhases(routineById('supine-groin')!));

  it('goes from lobby through each phase to over', () => {
    expect(holdMomentAt(phases, at(-1)).stage).toBe('lobby');
    expect(holdMomentAt(phases, at(0))).toMatchObject({ stage: 'phase', index: 0, elapsed: 0 });
    expect(holdMomentAt(phases, at(19.5))).toMatchObject({ stage: 'phase', index: 0, elapsed: 1170 });
    expect(holdMomentAt(phases, at(20))).toMatchObject({ stage: 'phase', index: 1, elapsed: 0 });
    expect(holdMomentAt(phases, at(40)).stage).toBe('over');
  });

  it('credits the seconds actually held, per exercise', () => {
    const whole = heldSeconds(phases, [{ joinedAt: at(-5), leftAt: null }]);
    expect(Object.fromEntries(whole)).toEqual({ 'supine-groin': 2400 });

    const late = heldSeconds(phases, [{ joinedAt: at(10), leftAt: at(30) }]);
    expect(Object.fromEntries(late)).toEqual({ 'supine-groin': 1200 });
  });

  it('counts overlapping or repeated presences once and ignores time outside the phases', () => {
    const held = heldSeconds(phases, [
      { joinedAt: at(-10), leftAt: at(5) },
      { joinedAt: at(2), leftAt: at(8) },
      { joinedAt: at(35), leftAt: at(60) },
    ]);
    expect(Object.fromEntries(held)).toEqual({ 'supine-groin': 8 * 60 + 5 * 60 });
  });

  it('splits the evening stretch between its exercises', () => {
    const evening = timePhases(start, scalePhases(routineById('evening-stretch')!));
    const held = heldSeconds(evening, [{ joinedAt: at(1), leftAt: null }]);
    expect(Object.fromEntries(held)).toEqual({
      'calf-stretch': 60,
      'hamstring-stretch': 120,
      'glute-stretch': 120,
      'hip-flexor-stretch': 120,
      'static-back': 1200,
    });
  });
});
