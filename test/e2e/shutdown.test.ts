import { Status } from 'discord.js';
import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { exerciseLogs } from '../../src/db/schema.js';
import { messageText, startHarness, stopHarnessAfterEach, type Harness } from '../support/align-harness.js';

let h: Harness;
stopHarnessAfterEach(() => h);

describe('shutting down', () => {
  it('finishes the command in flight, turns new ones away, then closes the database, then the gateway', async () => {
    h = await startHarness();
    const { alice, bob } = h.members;
    const steps: string[] = [];
    let stopping: Promise<void> | undefined;
    h.align.client.once('interactionCreate', () => {
      stopping = h.align.stop({
        beforeDisconnect: async () => {
          steps.push(`in-flight answered: ${inFlight.original !== null}`);
          const late = await h.sandbox
            .runCommandLine('/log squats 20', { guild: h.guild, user: bob })
            .reply();
          steps.push(`late command: ${messageText(late)}`);
          steps.push(`gateway still up: ${h.align.client.ws.status === Status.Ready}`);
        },
      });
    });
    const inFlight = h.sandbox.runCommandLine('/log pushups 30', { guild: h.guild, user: alice });
    expect(messageText(await inFlight.reply())).toMatch(/logged 30 push-ups/);
    await stopping;
    steps.push(`gateway after stop: ${h.align.client.isReady() ? 'up' : 'closed'}`);

    expect(steps).toEqual([
      'in-flight answered: true',
      'late command: 🔄 I’m restarting. Try again in a few seconds.',
      'gateway still up: true',
      'gateway after stop: closed',
    ]);
    const [logs] = await h.database.db.select({ n: count() }).from(exerciseLogs);
    expect(logs?.n).toBe(1);
    await h.restart();
  });
});
