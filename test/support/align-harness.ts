import { createAlign, type Align } from '../../src/app.js';
import { DiscordSandbox, type SandboxOptions } from '../../src/sandbox/discord-sandbox.js';
import type { SandboxGuild, SandboxMessage, SandboxUser } from '../../src/sandbox/world.js';
import { createTestClock, type TestClock } from './clock.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface Harness {
  sandbox: DiscordSandbox;
  align: Align;
  database: TestDatabase;
  clock: TestClock;
  guild: SandboxGuild;
  members: { admin: SandboxUser; alice: SandboxUser; bob: SandboxUser; carol: SandboxUser };
  /** Runs a command line such as `/log pushups 30` as a member and waits for the visible reply. */
  run(line: string, as: SandboxUser, channelId?: string): Promise<SandboxMessage>;
  /** Starts another bot process on the same database and sandbox (the first is stopped by `restart`). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Everything a message shows, as one string: content, embed titles, descriptions and fields. */
export function messageText(message: SandboxMessage): string {
  const embeds = message.embeds.flatMap((embed) => [
    embed.title ?? '',
    embed.description ?? '',
    ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]),
    embed.footer?.text ?? '',
  ]);
  return [message.content, ...embeds].filter(Boolean).join('\n');
}

const token = 'sandbox-token-for-align-e2e-tests';

/**
 * The sandbox with a server called "Back Room", and Align on a migrated test database with a clock
 * the test moves. Timers are manual: a test advances the clock and calls `align.holdTimer.runDue()`.
 */
export async function startHarness(
  options: { sandbox?: SandboxOptions; clock?: TestClock } = {},
): Promise<Harness> {
  const sandbox = await DiscordSandbox.start(options.sandbox);
  const database = await createTestDatabase();
  const clock = options.clock ?? createTestClock('2026-11-28T18:00:00Z');
  const admin = sandbox.addUser({ username: 'admin', globalName: 'Ada Admin' });
  const alice = sandbox.addUser({ username: 'alice', globalName: 'Alice' });
  const bob = sandbox.addUser({ username: 'bob', globalName: 'Bob' });
  const carol = sandbox.addUser({ username: 'carol', globalName: 'Carol' });
  const guild = sandbox.createGuild({ name: 'Back Room', owner: admin, members: [alice, bob, carol] });

  const boot = async () => {
    const align = createAlign({
      token,
      database,
      apiUrl: sandbox.apiUrl,
      clock,
      timers: 'manual',
      clientOptions: { waitGuildTimeout: 100 },
    });
    await align.start();
    return align;
  };

  const harness: Harness = {
    sandbox,
    align: await boot(),
    database,
    clock,
    guild,
    members: { admin, alice, bob, carol },
    async run(line, as, channelId) {
      const handle = sandbox.runCommandLine(line, {
        guild,
        user: as,
        ...(channelId ? { channel: channelId } : {}),
      });
      return handle.reply();
    },
    async restart() {
      await harness.align.stop();
      harness.align = await boot();
    },
    async stop() {
      await harness.align.stop();
      await sandbox.stop();
      await database.close();
    },
  };
  return harness;
}
