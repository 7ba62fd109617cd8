import { Routes, type REST } from 'discord.js';
import { commands } from './commands/index.js';

export const commandDefinitions = () => commands.map((command) => command.data);

/** Bulk-overwrites the commands: to one guild when given (instant), otherwise globally. */
export async function registerCommands(options: {
  rest: REST;
  applicationId: string;
  guildId?: string | undefined;
}): Promise<void> {
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  await options.rest.put(route, { body: commandDefinitions() });
}
