import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { runInBackground } from '../../src/logger.js';
import { useServiceTestbed } from '../support/service-testbed.js';
import { capturedLogger } from '../support/captured-logger.js';

const guildId = '100000000000000001';
const alice = { guildId, userId: '200000000000000001' };

const t = useServiceTestbed('2026-11-28T18:00:00Z');

/** A database that refuses every insert into `table`, as a constraint or a blip would. */
const refuseInserts = (table: 'exercise_logs' | 'reminders') =>
  t.database.db.execute(
    sql.raw(`create or replace function refuse_insert() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$;
      create trigger refuse_insert before insert on ${table} for each row execute function refuse_insert();`),
  );

afterEach(async () => {
  for (const table of ['exercise_logs', 'reminders']) {
    await t.database.db.execute(sql.raw(`drop trigger if exists refuse_insert on ${table}`));
  }
});

describe('a database error in the log', () => {
  it('keeps the query and the cause but not the note a member wrote', async () => {
    await refuseInserts('exercise_logs');
    const note = 'my secret knee note';
    const failure = await t.services.exerciseLog
      .logExercise({ ...alice, exercise: 'pushups', amount: '25', note })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(String((failure as Error).message)).toContain(note);

    const { logger, lines } = capturedLogger();
    logger.error({ err: failure }, 'command failed');
    logger.error(failure);
    await runInBackground(logger, 'background write failed', () => Promise.reject(failure));

    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).not.toContain(note);
      const { err } = JSON.parse(line) as { err: { message: string; cause?: { message: string } } };
      expect(err.message).toMatch(/^Failed query: insert into "exercise_logs"/);
      expect(err.cause?.message).toBe('refused by the test');
    }
  });

  it('keeps a reminder’s text out of it', async () => {
    await refuseInserts('reminders');
    const message = 'Take my pills with lunch';
    const failure = await t.services.reminders
      .addPersonal({
        ...alice,
        when: 'daily 12:00',
        message,
        onlyIfNotLogged: false,
        dmChannelId: '300000000000000001',
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(Error);

    const { logger, lines } = capturedLogger();
    logger.warn({ err: failure, guildId }, 'could not add the reminder');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(message);
    // Ids stay: they are how an operator finds the failure.
    expect(JSON.parse(lines[0]!)).toMatchObject({ guildId, err: { type: 'DrizzleQueryError' } });
  });
});
