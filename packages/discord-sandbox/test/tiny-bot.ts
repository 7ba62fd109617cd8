import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import { afterEach } from 'vitest';
import { DiscordSandbox, type SandboxOptions } from '../src/discord-sandbox.js';

/** A minimal discord.js bot pointed at the sandbox (any bot will do: these tests are about the sandbox). */
export async function startTinyBot(
  sandbox: DiscordSandbox,
  options: Partial<ClientOptions> = {},
): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
    waitGuildTimeout: 100,
    ...options,
    rest: { ...options.rest, api: sandbox.apiUrl },
  });
  cleanups.push(() => client.destroy());
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login('sandbox-token');
  return ready;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<DiscordSandbox> {
  const sandbox = await DiscordSandbox.start(options);
  cleanups.push(() => sandbox.stop());
  return sandbox;
}

/** A sandbox with alice (owner), bob and a default guild. */
export async function startWorld(options: SandboxOptions = {}) {
  const sandbox = await startSandbox(options);
  const alice = sandbox.addUser({ username: 'alice', globalName: 'Alice' });
  const bob = sandbox.addUser({ username: 'bob' });
  const guild = sandbox.createGuild({ name: 'Backs', owner: alice, members: [bob] });
  return { sandbox, alice, bob, guild, general: guild.channel('general'), floor: guild.channel('General') };
}

/** A clock tests move by hand. */
export function manualClock(start = Date.now()) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});
