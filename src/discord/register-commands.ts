import { Routes, type REST } from 'discord.js';
import { commands } from './commands/index.js';

export const commandDefinitions = () => commands.map((command) => command.data);

/**
 * The definitions for one guild: `contexts` is for global commands only, and "Guild commands don't
 * support the BOT_DM interaction context" (docs/interactions/application-commands.mdx). A guild
 * command is only ever offered in its guild, so dropping it changes nothing for members.
 */
export const guildCommandDefinitions = () =>
  commandDefinitions().map(({ contexts: _global, ...definition }) => definition);

/** Bulk-overwrites the commands: to one guild when given (instant), otherwise globally. */
export async function registerCommands(options: {
  rest: REST;
  applicationId: string;
  guildId?: string | undefined;
}): Promise<void> {
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const body = options.guildId ? guildCommandDefinitions() : commandDefinitions();
  await options.rest.put(route, { body });
}
