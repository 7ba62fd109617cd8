import { createAlign } from '../app.js';
import { openDatabase } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { createLogger } from '../logger.js';
import { DiscordSandbox, runTerminal } from '@align/discord-sandbox';
import { alignSandboxOptions } from './back-room.js';

const banner = `
  ┌──────────────────────────────────────────────────────────────────────┐
  │  Align sandbox: a pretend Discord server called "Back Room".         │
  │  Nothing leaves this machine, and nothing is kept when you quit.     │
  │  Try /log pushups 30, then /me. Type help for more, quit to leave.   │
  └──────────────────────────────────────────────────────────────────────┘
`;

/**
 * The sandbox with a small server and Align on an in-memory embedded database, driven from a
 * terminal (or a script on standard input). Used by `npm run sandbox` and by `npm start` without a token.
 */
export async function runSandbox(options: { interactive: boolean; logLevel?: string }): Promise<void> {
  const sandbox = await DiscordSandbox.start({ ...alignSandboxOptions, replyTimeoutMs: 10_000 });
  const alice = sandbox.addUser({ username: 'alice', globalName: 'Alice' });
  const bob = sandbox.addUser({ username: 'bob', globalName: 'Bob' });
  const carol = sandbox.addUser({ username: 'carol', globalName: 'Carol' });
  const guild = sandbox.createGuild({ name: 'Back Room', owner: alice, members: [bob, carol] });

  const database = await openDatabase({ inMemory: true });
  await runMigrations(database);
  const align = createAlign({
    token: 'sandbox-token-not-a-real-discord-token',
    database,
    apiUrl: sandbox.apiUrl,
    logger: createLogger(options.logLevel ?? 'warn', 2),
  });
  await align.start();

  if (options.interactive) process.stdout.write(banner);
  try {
    await runTerminal({
      sandbox,
      guild,
      members: [alice, bob, carol],
      input: process.stdin,
      output: process.stdout,
      interactive: options.interactive,
      example: '/log pushups 30 note:"felt good"',
    });
  } finally {
    await align.stop();
    await sandbox.stop();
    await database.close();
  }
}
