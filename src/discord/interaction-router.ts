import { randomBytes } from 'node:crypto';
import {
  PermissionFlagsBits,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import { createThrottle } from '../core/throttle.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services/index.js';
import type { SlashCommand } from './command.js';
import { turnBoardPage } from './components/board-buttons.js';
import { pressHoldButton } from './components/hold-buttons.js';
import { pressPrivacyButton } from './components/privacy-buttons.js';
import { parseCustomId } from './custom-ids.js';
import { faultReply, onlyForYou } from './render/replies.js';

/**
 * The one place interactions enter: it finds the handler, re-checks admin rights, and turns any
 * unexpected failure into an apology that quotes a reference also written to the log.
 */
/** Each member may run 5 commands in a burst, and 5 more every 10 seconds after that. */
export const commandRate = { burst: 5, windowMs: 10_000 } as const;

export function createInteractionRouter(deps: {
  commands: readonly SlashCommand[];
  services: Services;
  logger: Logger;
  commandRate?: { burst: number; windowMs: number };
}) {
  const byName = new Map(deps.commands.map((command) => [command.data.name, command]));
  const { services, logger } = deps;
  const throttle = createThrottle({
    ...(deps.commandRate ?? commandRate),
    now: () => services.clock.now().getTime(),
  });

  async function guard(
    interaction: ChatInputCommandInteraction | ButtonInteraction,
    what: string,
    handle: () => Promise<void>,
  ): Promise<void> {
    const started = performance.now();
    try {
      await handle();
      logger.debug({ what, ms: Math.round(performance.now() - started) }, 'interaction answered');
    } catch (error) {
      const reference = randomBytes(4).toString('hex');
      logger.error({ err: error, reference, what }, 'interaction failed');
      const reply = faultReply(reference);
      try {
        if (interaction.deferred || interaction.replied) await interaction.followUp(reply);
        else await interaction.reply(reply);
      } catch (replyError) {
        logger.warn({ err: replyError, reference }, 'could not tell the member about the failure');
      }
    }
  }

  return async function routeInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      try {
        await byName.get(interaction.commandName)?.autocomplete?.(interaction, services);
      } catch (error) {
        logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
      }
      return;
    }

    if (interaction.isButton()) {
      await guard(interaction, `button ${interaction.customId}`, async () => {
        const id = parseCustomId(interaction.customId);
        if (!id) throw new Error(`Unknown button ${interaction.customId}`);
        if (id.feature === 'hold') await pressHoldButton(interaction, id, services);
        else if (id.feature === 'privacy') await pressPrivacyButton(interaction, id, services);
        else await turnBoardPage(interaction, id, services);
      });
      return;
    }

    if (interaction.isChatInputCommand()) {
      await guard(interaction, `/${interaction.commandName}`, async () => {
        const command = byName.get(interaction.commandName);
        if (!command) throw new Error(`No handler for /${interaction.commandName}`);
        if (!throttle.allow(`${interaction.guildId}:${interaction.user.id}`)) {
          await interaction.reply(
            onlyForYou({
              content: '🐢 Slow down a little: that’s a lot of commands at once. Try again in a few seconds.',
            }),
          );
          return;
        }
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
      });
    }
  };
}
