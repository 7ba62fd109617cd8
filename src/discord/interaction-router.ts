import { randomBytes } from 'node:crypto';
import { PermissionFlagsBits, type Interaction } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services/index.js';
import type { SlashCommand } from './command.js';
import { faultReply, onlyForYou } from './render/replies.js';

/**
 * The one place interactions enter: it finds the command, re-checks admin rights, and turns any
 * unexpected failure into an apology that quotes a reference also written to the log.
 */
export function createInteractionRouter(deps: {
  commands: readonly SlashCommand[];
  services: Services;
  logger: Logger;
}) {
  const byName = new Map(deps.commands.map((command) => [command.data.name, command]));
  const { services, logger } = deps;

  return async function routeInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const command = byName.get(interaction.commandName);
      try {
        await command?.autocomplete?.(interaction, services);
      } catch (error) {
        logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
      }
      return;
    }
    if (!interaction.isChatInputCommand()) return;

    const command = byName.get(interaction.commandName);
    const started = performance.now();
    try {
      if (!command) throw new Error(`No handler for /${interaction.commandName}`);
      if (
        command.requiresManageServer &&
        !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)
      ) {
        await interaction.reply(
          onlyForYou({ content: '🔒 Only members who can manage this server can do that.' }),
        );
        return;
      }
      await command.execute(interaction, services);
      logger.debug(
        { command: interaction.commandName, ms: Math.round(performance.now() - started) },
        'command answered',
      );
    } catch (error) {
      const reference = randomBytes(4).toString('hex');
      logger.error({ err: error, reference, command: interaction.commandName }, 'command failed');
      const reply = faultReply(reference);
      try {
        if (interaction.deferred || interaction.replied) await interaction.followUp(reply);
        else await interaction.reply(reply);
      } catch (replyError) {
        logger.warn({ err: replyError, reference }, 'could not tell the member about the failure');
      }
    }
  };
}
