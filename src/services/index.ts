import type { Clock } from '../core/clock.js';
import type { Db } from '../db/client.js';
import { createExerciseLogService } from './exercise-log.js';
import { createLogsRepository } from './logs.repository.js';
import { createMemberStatsService } from './member-stats.js';
import { createSettingsRepository } from './settings.repository.js';
import { createTimeZoneService } from './time-zones.js';

export type Services = ReturnType<typeof createServices>;

/** Every use case, built over one database and one clock. */
export function createServices({ db, clock }: { db: Db; clock: Clock }) {
  const logs = createLogsRepository({ db });
  const settings = createSettingsRepository({ db });
  return {
    clock,
    settings,
    exerciseLog: createExerciseLogService({ logs, settings, clock }),
    memberStats: createMemberStatsService({ logs, settings, clock }),
    timeZones: createTimeZoneService({ settings }),
  };
}
