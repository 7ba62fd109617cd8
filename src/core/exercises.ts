export type Unit = 'reps' | 'seconds';
export type Category = 'strength' | 'flexibility' | 'relaxation' | 'movement';

export interface Tier {
  readonly name: 'good' | 'better' | 'best';
  readonly reps: number;
}

export interface Exercise {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly category: Category;
  /** What is stored: a count of reps, or a duration in seconds. */
  readonly unit: Unit;
  /** What a bare number typed by a member means. */
  readonly bareNumber: 'reps' | 'seconds' | 'minutes';
  /** A day's goal, in the stored unit. */
  readonly dailyTarget: number;
  readonly tiers: readonly Tier[];
  /** Anything above this in one log is a typo, not a workout. */
  readonly maxPerLog: number;
  /** Points per rep for rep exercises, per minute for timed ones. */
  readonly points: number;
}

const strengthTiers: readonly Tier[] = [
  { name: 'good', reps: 20 },
  { name: 'better', reps: 30 },
  { name: 'best', reps: 40 },
];

const minutes = (n: number) => n * 60;

const stretch = (id: string, name: string, aliases: string[]): Exercise => ({
  id,
  name,
  aliases,
  category: 'flexibility',
  unit: 'seconds',
  bareNumber: 'minutes',
  dailyTarget: minutes(2),
  tiers: [],
  maxPerLog: minutes(120),
  points: 2,
});

const movement = (id: string, name: string, aliases: string[]): Exercise => ({
  id,
  name,
  aliases,
  category: 'movement',
  unit: 'seconds',
  bareNumber: 'minutes',
  dailyTarget: minutes(20),
  tiers: [],
  maxPerLog: minutes(600),
  points: 1,
});

/** The program's exercises, push-ups first: they are the best single predictor of back trouble. */
export const exercises: readonly Exercise[] = [
  {
    id: 'pushups',
    name: 'Push-ups',
    aliases: ['pushup', 'push-up', 'push-ups', 'push ups', 'press-ups'],
    category: 'strength',
    unit: 'reps',
    bareNumber: 'reps',
    dailyTarget: 40,
    tiers: strengthTiers,
    maxPerLog: 500,
    points: 2,
  },
  {
    id: 'situps',
    name: 'Sit-ups',
    aliases: ['situp', 'sit-up', 'sit-ups', 'sit ups'],
    category: 'strength',
    unit: 'reps',
    bareNumber: 'reps',
    dailyTarget: 40,
    tiers: strengthTiers,
    maxPerLog: 500,
    points: 1,
  },
  {
    id: 'squats',
    name: 'Squats',
    aliases: ['squat'],
    category: 'strength',
    unit: 'reps',
    bareNumber: 'reps',
    dailyTarget: 40,
    tiers: strengthTiers,
    maxPerLog: 1000,
    points: 1,
  },
  {
    id: 'superman',
    name: 'Superman back arch',
    aliases: ['supermans', 'superman hold', 'back arch', 'back-arch'],
    category: 'strength',
    unit: 'seconds',
    bareNumber: 'seconds',
    dailyTarget: 120,
    tiers: [],
    maxPerLog: minutes(30),
    points: 6,
  },
  stretch('calf-stretch', 'Calf stretch', ['calf', 'calves', 'calf stretch']),
  stretch('hamstring-stretch', 'Hamstring stretch', ['hamstring', 'hamstrings', 'hamstring stretch']),
  stretch('glute-stretch', 'Glute stretch', ['glute', 'glutes', 'glute stretch']),
  stretch('hip-flexor-stretch', 'Hip-flexor stretch', [
    'hip',
    'hip flexor',
    'hip-flexor',
    'hip flexors',
    'hipflexor',
  ]),
  {
    id: 'static-back',
    name: 'Static back',
    aliases: ['staticback', 'static back', 'static'],
    category: 'relaxation',
    unit: 'seconds',
    bareNumber: 'minutes',
    dailyTarget: minutes(20),
    tiers: [],
    maxPerLog: minutes(180),
    points: 1,
  },
  {
    id: 'supine-groin',
    name: 'Supine groin stretch',
    aliases: ['groin', 'groin stretch', 'supine groin', 'supine groin stretch'],
    category: 'relaxation',
    unit: 'seconds',
    bareNumber: 'minutes',
    dailyTarget: minutes(40),
    tiers: [],
    maxPerLog: minutes(180),
    points: 1,
  },
  // Named as activities, so a log reads "30 min of walking".
  movement('walk', 'Walking', ['walks']),
  movement('jog', 'Jogging', ['jog', 'run', 'running']),
  movement('swim', 'Swimming', ['swim']),
  movement('cycle', 'Cycling', ['cycle', 'bike', 'biking']),
];

const byId = new Map(exercises.map((exercise) => [exercise.id, exercise]));

/** Spelling-insensitive key: "Push-Ups", "push ups" and "pushups" all become "pushups". */
const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

const byName = new Map<string, Exercise>();
for (const exercise of exercises) {
  for (const name of [exercise.id, exercise.name, ...exercise.aliases]) byName.set(squash(name), exercise);
}

export function exerciseById(id: string): Exercise | undefined {
  return byId.get(id);
}

export function findExercise(input: string): Exercise | undefined {
  const key = squash(input);
  if (key === '') return undefined;
  return byName.get(key) ?? (key.endsWith('s') ? byName.get(key.slice(0, -1)) : byName.get(`${key}s`));
}

/** Autocomplete: exercises whose name or an alias contains what was typed, best matches first. */
export function suggestExercises(query: string, limit = 25): Exercise[] {
  const key = squash(query);
  if (key === '') return exercises.slice(0, limit);
  const scored = exercises
    .map((exercise) => {
      const names = [exercise.id, exercise.name, ...exercise.aliases].map(squash);
      const score = names.some((n) => n.startsWith(key)) ? 2 : names.some((n) => n.includes(key)) ? 1 : 0;
      return { exercise, score };
    })
    .filter(({ score }) => score > 0);
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ exercise }) => exercise);
}

/** Points for one stored unit: a rep, or a second of a timed exercise. */
export function pointsPerUnit(exercise: Exercise): number {
  return exercise.unit === 'reps' ? exercise.points : exercise.points / 60;
}

/**
 * How much of one exercise in one day earns points: three times the day's target. Anything above still
 * counts as logged and as an active day, but nobody tops a board by doing 500 push-ups.
 */
export function dailyScoringCap(exercise: Exercise): number {
  return exercise.dailyTarget * 3;
}

/** Points for one day's total of an exercise, the daily cap applied; boards and /me round only their sums. */
export function pointsForDay(exercise: Exercise, dayTotal: number): number {
  return Math.min(dayTotal, dailyScoringCap(exercise)) * pointsPerUnit(exercise);
}

/** The highest tier a day's total reaches, if the exercise has tiers. */
export function tierReached(exercise: Exercise, dayTotal: number): Tier | undefined {
  return [...exercise.tiers].reverse().find((tier) => dayTotal >= tier.reps);
}
