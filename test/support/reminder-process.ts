import { silentLogger } from '../../src/logger.js';
import { createReminderDispatcher } from '../../src/scheduler/reminder-dispatcher.js';
import { createReminderFireService } from '../../src/services/reminder-fires.js';
import { createRateLimiter } from '../../src/shared/rate-limiter.js';
import type { RequestBrake } from '../../src/shared/request-brake.js';
import { createRecordingReminderSender, type RecordingReminderSender } from './reminder-sender.js';
import type { ServiceTestbed } from './service-testbed.js';

/**
 * A bot process's reminder side on the testbed's database and clock, as app.ts wires it: its own
 * sender (recording, unless given), lease holder name and, optionally, a request brake the test sets.
 * `tick()` runs one dispatcher tick and waits for the fires it started.
 */
export function startReminderProcess(
  t: ServiceTestbed,
  options: { holder?: string; sender?: RecordingReminderSender; brake?: RequestBrake } = {},
) {
  const sender = options.sender ?? createRecordingReminderSender();
  const limiter = createRateLimiter(10_000);
  const fires = createReminderFireService({
    reminders: t.repositories.reminders,
    logs: t.repositories.logs,
    settings: t.repositories.settings,
    holds: t.services.holds,
    departures: t.services.departures,
    sender,
    limiter,
    clock: t.clock,
    logger: silentLogger,
  });
  const dispatcher = createReminderDispatcher({
    reminders: t.repositories.reminders,
    fires,
    limiter,
    clock: t.clock,
    logger: silentLogger,
    ...(options.holder ? { holder: options.holder } : {}),
    ...(options.brake ? { brake: options.brake } : {}),
  });
  const tick = async () => {
    await dispatcher.tick();
    await dispatcher.drain();
  };
  return { dispatcher, sender, tick };
}
