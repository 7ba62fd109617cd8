import { describe, expect, it } from 'vitest';
import {
  exercises,
  findExercise,
  pointsForDay,
  dailyScoringCap,
  suggestExercises,
  tierReached,
} from '../../src/core/exercises.js';

describe('the exercise catalog', () => {
  it.each(['pushups', 'pushup', 'push-ups', 'Push Ups', 'PUSH-UP', 'press-ups'])(
    'knows %j as push-ups',
    (name) => {
      expect(findExercise(name)?.id).toBe('pushups');
    },
  );

  it.each([
    ['situp', 'situps'],
    ['squat', 'squats'],
    ['groin', 'supine-groin'],
    ['static back', 'static-back'],
    ['hip flexor', 'hip-flexor-stretch'],
    ['calves', 'calf-stretch'],
    ['supermans', 'superman'],
    ['running', 'jog'],
  ])('maps the alias %j to %s', (alias, id) => {
    expect(findExercise(alias)?.id).toBe(id);
  });

  it('knows nothing it shouldn’t', () => {
    expect(findExercise('burpees')).toBeUndefined();
    expect(findExercise('')).toBeUndefined();
    expect(findExercise('---')).toBeUndefined();
  });

  it('has unique ids and aliases that never point at two exercises', () => {
    const ids = exercises.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const exercise of exercises) {
      for (const alias of exercise.aliases) expect(findExercise(alias)).toBe(exercise);
    }
  });

  it('suggests push-ups first and filters by what was typed', () => {
    expect(suggestExercises('')[0]?.id).toBe('pushups');
    expect(suggestExercises('str').map((e) => e.id)).toEqual([
      'calf-stretch',
      'hamstring-stretch',
      'glute-stretch',
      'hip-flexor-stretch',
      'supine-groin',
    ]);
    expect(suggestExercises('push-u').map((e) => e.id)).toEqual(['pushups']);
    expect(suggestExercises('zzz')).toEqual([]);
    expect(suggestExercises('').length).toBeLessThanOrEqual(25);
  });

  it('scores reps per rep and timed exercises per minute', () => {
    expect(pointsForDay(findExercise('pushups')!, 30)).toBe(60);
    expect(pointsForDay(findExercise('squats')!, 30)).toBe(30);
    expect(pointsForDay(findExercise('static-back')!, 20 * 60)).toBeCloseTo(20);
    expect(pointsForDay(findExercise('superman')!, 120)).toBeCloseTo(12);
  });
});

describe('daily scoring cap', () => {
  const pushups = findExercise('pushups')!;
  const staticBack = findExercise('static-back')!;

  it('scores a day up to three times its target, and nothing above', () => {
    expect(dailyScoringCap(pushups)).toBe(120);
    expect(pointsForDay(pushups, 100)).toBe(200);
    expect(pointsForDay(pushups, 120)).toBe(240);
    expect(pointsForDay(pushups, 500)).toBe(240);
    expect(pointsForDay(staticBack, 3 * 60 * 60)).toBeCloseTo(60);
  });

  it('caps every exercise in the catalog above its target', () => {
    for (const exercise of exercises) expect(dailyScoringCap(exercise)).toBeGreaterThan(exercise.dailyTarget);
  });
});

describe('tiers', () => {
  const pushups = findExercise('pushups')!;

  it.each([
    [19, undefined],
    [20, 'good'],
    [29, 'good'],
    [30, 'better'],
    [40, 'best'],
    [400, 'best'],
  ])('a day of %i push-ups reaches %s', (reps, tier) => {
    expect(tierReached(pushups, reps)?.name).toBe(tier);
  });

  it('timed exercises have no tiers', () => {
    expect(tierReached(findExercise('static-back')!, 10_000)).toBeUndefined();
  });
});
