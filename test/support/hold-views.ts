import type { DiscordSandbox, SandboxChannel, SandboxGuild, SandboxMessage } from '@align/discord-sandbox';

/** The channel (or thread) the bot opened for a hold in this server: Align names them `hold-…`. */
export function holdChannelIn(sandbox: DiscordSandbox, guild: SandboxGuild): SandboxChannel {
  const channel = sandbox.channels(guild).find((c) => c.name.startsWith('hold-'));
  if (!channel) throw new Error('no hold channel or thread was made');
  return channel;
}

/** The hold's live message: the one with the embed, in the hold's channel. */
export function liveMessageIn(sandbox: DiscordSandbox, guild: SandboxGuild): SandboxMessage {
  const message = sandbox.messages(holdChannelIn(sandbox, guild).id).find((m) => m.embeds.length > 0);
  if (!message) throw new Error('no live message in the hold channel');
  return message;
}
