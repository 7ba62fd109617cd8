import type { Clock } from '../core/clock.js';
import type { Db } from '../db/client.js';
import type { Metrics } from '../shared/metrics.js';
import type { RequestBrake } from '../shared/request-brake.js';
import type { ChannelDirectory } from './channels.js';
import { createDepartureService } from './departures.js';
import { createExerciseLogService } from './exercise-log.js';
import { createGatewayLoginService } from './gateway-logins.js';
import { createHoldsRepository } from './holds.repository.js';
import { createHoldService, type HoldMessenger } from './holds.js';
import { createLogsRepository } from './logs.repository.js';
import { createLeaderboardRepository } from './leaderboard.repository.js';
import { createLeaderboardService } from './leaderboards.js';
import { createMemberNames } from './member-names.js';
import { createMemberStatsService } from './member-stats.js';
import { createPrivacyRepository } from './privacy.repository.js';
import { createPrivacyService } from './privacy.js';
import { createRemindersRepository } from './reminders.repository.js';
import { createReminderService } from './reminders.js';
import { createSettingsRepository } from './settings.repository.js';
import { createTimeZoneService } from './time-zones.js';

/**
 * The repositories the composition root shares between use cases and the scheduler's claiming.
 * Commands never see them: they get the use cases.
 */
export function createRepositories({ db }: { db: Db }) {
  return {
    logs: createLogsRepository({ db }),
    settings: createSettingsRepository({ db }),
    reminders: createRemindersRepository({ db }),
    privacy: createPrivacyRepository({ db }),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

/** What commands, components and the scheduler are given: use cases, and the clock. */
export type Services = ReturnType<typeof createServices>;

/** Every use case, built over one database and one clock. */
export function createServices(deps: {
  db: Db;
  clock: Clock;
  holdMessenger: HoldMessenger;
  /**
   * What Discord says of the channels options name, so crafted options are refused here too; absent
   * (service tests), channels are taken as given.
   */
  channels?: ChannelDirectory;
  /** The ones the scheduler also uses; built here when the caller needs none of its own. */
  repositories?: Repositories;
  onHoldError?: (error: unknown) => void;
  onHoldStarted?: () => void;
  metrics?: Metrics;
  /** Pauses work that can wait while Discord refuses too much (see shared/request-brake.ts). */
  brake?: RequestBrake;
}) {
  const { db, clock } = deps;
  const { logs, settings, reminders, privacy } = deps.repositories ?? createRepositories({ db });
  const boards = createLeaderboardRepository({ db });
  const departures = createDepartureService({ boards, reminders, clock });
  const memberNames = createMemberNames({ db });
  return {
    clock,
    departures,
    memberNames,
    reminders: createReminderService({ reminders, settings, clock, channels: deps.channels }),
    exerciseLog: createExerciseLogService({ logs, settings, clock }),
    memberStats: createMemberStatsService({ logs, settings, privacy, clock }),
    leaderboards: createLeaderboardService({ boards, settings, clock, departures }),
    timeZones: createTimeZoneService({ settings, logs, clock }),
    gatewayLogins: createGatewayLoginService({ db, clock }),
    privacy: createPrivacyService({ privacy, clock }),
    holds: createHoldService({
      holds: createHoldsRepository({ db }),
      settings,
      logs,
      names: memberNames,
      messenger: deps.holdMessenger,
      channels: deps.channels,
      clock,
      onError: deps.onHoldError,
      onStarted: deps.onHoldStarted,
      metrics: deps.metrics,
      brake: deps.brake,
    }),
  };
}
