import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  createRepositories,
  createServices,
  type Repositories,
  type Services,
} from '../../src/services/index.js';
import { createTestClock, type TestClock } from './clock.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { createRecordingHoldMessenger, type RecordingHoldMessenger } from './hold-messenger.js';

export interface ServiceTestbed {
  database: TestDatabase;
  clock: TestClock;
  services: Services;
  /** The repositories under `services`, as the composition root hands them to the scheduler. */
  repositories: Repositories;
  holdMessenger: RecordingHoldMessenger;
  /** Services as a second bot process would build them: same database and clock, its own messenger. */
  anotherProcess(): { services: Services; repositories: Repositories; holdMessenger: RecordingHoldMessenger };
}

/**
 * One migrated database for the test file, emptied before each test, with fresh services on a test
 * clock set to `start`. Read the fields inside tests: they are replaced before each one.
 */
export function useServiceTestbed(start: string): ServiceTestbed {
  const testbed = {} as ServiceTestbed;
  const build = () => {
    const holdMessenger = createRecordingHoldMessenger();
    const repositories = createRepositories({ db: testbed.database.db });
    return {
      holdMessenger,
      repositories,
      services: createServices({
        db: testbed.database.db,
        clock: testbed.clock,
        holdMessenger,
        repositories,
      }),
    };
  };
  beforeAll(async () => {
    testbed.database = await createTestDatabase();
  });
  afterAll(async () => {
    await testbed.database?.close();
  });
  beforeEach(async () => {
    await testbed.database.reset();
    testbed.clock = createTestClock(start);
    Object.assign(testbed, build());
    testbed.anotherProcess = build;
  });
  return testbed;
}
