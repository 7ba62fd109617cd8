import type { Clock } from '../core/clock.js';
import type { Db } from '../db/client.js';
import type { Metrics } from '../shared/metrics.js';
import { createExerciseLogService } from './exercise-log.js';
import { createGatewayLoginService } from './gateway-logins.js';
import { createHoldsRepository } from './holds.repository.js';
import { createHoldService, type HoldMessenger } from './holds.js';
import { createLogsRepository } from './logs.repository.js';
import { createLeaderboardRepository } from './leaderboard.repository.js';
import { createLeaderboardService } from './leaderboards.js';
import { createMemberStatsService } from './member-stats.js';
import { createPrivacyRepository } from './privacy.repository.js';
import { createPrivacyService } from './privacy.js';
import { createRemindersRepository } from './reminders.repository.js';
import { createReminderService } from './reminders.js';
import { createSettingsRepository } from './settings.repository.js';
import { createTimeZoneService } from './time-zones.js';

export type Services = ReturnType<typeof createServices>;

/** Every use case, built over one database and one clock. */
export function createServices(deps: {
  db: Db;
  clock: Clock;
  holdMessenger: HoldMessenger;
  onHoldError?: (error: unknown) => void;
  onHoldStarted?: () => void;
  metrics?: Metrics;
}) {
  const { db, clock } = deps;
  const logs = createLogsRepository({ db });
  const settings = createSettingsRepository({ db });
  const remindersRepository = createRemindersRepository({ db });
  const privacy = createPrivacyRepository({ db });
  return {
    clock,
    settings,
    logs,
    remindersRepository,
    reminders: createReminderService({ reminders: remindersRepository, settings, clock }),
    exerciseLog: createExerciseLogService({ logs, settings, clock }),
    memberStats: createMemberStatsService({ logs, settings, privacy, clock }),
    leaderboards: createLeaderboardService({ boards: createLeaderboardRepository({ db }), settings, clock }),
    timeZones: createTimeZoneService({ settings }),
    gatewayLogins: createGatewayLoginService({ db, clock }),
    privacy: createPrivacyService({ privacy, clock }),
    holds: createHoldService({
      holds: createHoldsRepository({ db }),
      settings,
      logs,
      messenger: deps.holdMessenger,
      clock,
      onError: deps.onHoldError,
      onStarted: deps.onHoldStarted,
      metrics: deps.metrics,
    }),
  };
}
