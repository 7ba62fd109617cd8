export interface PhaseTemplate {
  readonly title: string;
  /** The exercise each second of this phase is credited to. */
  readonly exercise: string;
  readonly seconds: number;
}

export interface Routine {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** What `minutes` sets: the length of this many minutes of the routine, in the routine's own terms. */
  readonly minutesMean: string;
  readonly defaultMinutes: number;
  readonly phases: readonly PhaseTemplate[];
}

const minutes = (n: number) => n * 60;

const bothSides = (title: string, exercise: string, seconds: number): PhaseTemplate[] => [
  { title: `${title}, left side`, exercise, seconds },
  { title: `${title}, right side`, exercise, seconds },
];

export const routines: readonly Routine[] = [
  {
    id: 'static-back',
    name: 'Static back',
    description:
      'On your back, both legs bent 90° over an ottoman, arms relaxed. Let the floor take the weight.',
    minutesMean: 'the hold',
    defaultMinutes: 20,
    phases: [{ title: 'Static back', exercise: 'static-back', seconds: minutes(20) }],
  },
  {
    id: 'supine-groin',
    name: 'Supine groin stretch',
    description:
      'On your back, one leg over the ottoman, the other stretched out on the floor; then switch legs.',
    minutesMean: 'each leg',
    defaultMinutes: 20,
    phases: [
      { title: 'Groin stretch, left leg on the ottoman', exercise: 'supine-groin', seconds: minutes(20) },
      { title: 'Switch: right leg on the ottoman', exercise: 'supine-groin', seconds: minutes(20) },
    ],
  },
  {
    id: 'superman',
    name: 'Superman back arch',
    description: 'Face down, gently lift chest and legs off the floor and lower them again, slowly.',
    minutesMean: 'the hold',
    defaultMinutes: 2,
    phases: [{ title: 'Superman', exercise: 'superman', seconds: minutes(2) }],
  },
  {
    id: 'evening-stretch',
    name: 'Evening stretch',
    description: 'Calves, hamstrings, glutes and hip flexors, each side, then static back to finish.',
    minutesMean: 'the whole routine',
    defaultMinutes: 28,
    phases: [
      ...bothSides('Calf stretch', 'calf-stretch', minutes(1)),
      ...bothSides('Hamstring stretch', 'hamstring-stretch', minutes(1)),
      ...bothSides('Glute stretch', 'glute-stretch', minutes(1)),
      ...bothSides('Hip-flexor stretch', 'hip-flexor-stretch', minutes(1)),
      { title: 'Static back', exercise: 'static-back', seconds: minutes(20) },
    ],
  },
];

export const holdMinutesRange = { min: 1, max: 120 } as const;

export function routineById(id: string): Routine | undefined {
  return routines.find((routine) => routine.id === id.trim().toLowerCase());
}

/** The routine's phases stretched or shrunk so that `minutes` means what the routine says it means. */
export function scalePhases(routine: Routine, minutesWanted = routine.defaultMinutes): PhaseTemplate[] {
  const factor = minutesWanted / routine.defaultMinutes;
  return routine.phases.map((phase) => ({
    ...phase,
    seconds: Math.max(1, Math.round(phase.seconds * factor)),
  }));
}
