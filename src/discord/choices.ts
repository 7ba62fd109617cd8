import { suggestExercises } from '../core/exercises.js';

/** Autocomplete choices for an exercise option: display name shown, catalog id sent. */
export const exerciseChoices = (typed: string) =>
  suggestExercises(typed).map((exercise) => ({ name: exercise.name, value: exercise.id }));
