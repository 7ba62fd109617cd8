import { randomBytes } from 'node:crypto';
import {
  DiscordjsErrorCodes,
  InteractionContextType,
  PermissionFlagsBits,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import { createMemberBudget, interactionCost } from '../core/throttle.js';
import type { Logger } from '../logger.js';
import { noMetrics, type Metrics } from '../shared/metrics.js';
import type { Services } from '../services/index.js';
import type { SlashCommand } from './command.js';
import { turnBoardPage } from './components/board-buttons.js';
import { pressHoldButton } from './components/hold-buttons.js';
import { pressPrivacyButton } from './components/privacy-buttons.js';
import { pressReminderStop } from './components/reminder-buttons.js';
import { parseCustomId } from './custom-ids.js';
import { ownName } from './members.js';
import { databaseDownReply, faultReply, memberErrorReply, onlyForYou } from './render/replies.js';
import { answerBeforeDeadline, interactionAgeMs, staleAfterMs } from './answer-deadline.js';
import { isDatabaseUnavailable } from '../db/errors.js';

/**
 * The one place interactions enter: it finds the handler, re-checks admin rights, and turns any
 * unexpected failure into an apology that quotes a reference also written to the log.
 */
/**
 * Each member may run 5 commands in a burst, and 5 more every 10 seconds after that, in each server, and
 * twice that across servers; a button press costs half a command, an autocomplete a tenth.
 */
export const commandRate = { burst: 5, windowMs: 10_000 } as const;

export function createInteractionRouter(deps: {
  commands: readonly SlashCommand[];
  services: Services;
  logger: Logger;
  commandRate?: { burst: number; windowMs: number };
  metrics?: Metrics;
}) {
  const byName = new Map(deps.commands.map((command) => [command.data.name, command]));
  const { services, logger } = deps;
  const metrics = deps.metrics ?? noMetrics;
  const budget = createMemberBudget({
    ...(deps.commandRate ?? commandRate),
    now: () => services.clock.now().getTime(),
  });
  const withinBudget = (interaction: Interaction, cost: number) =>
    budget.allow({ guildId: interaction.guildId, userId: interaction.user.id }, cost);

  /**
   * Keeps the name the member goes by, as the interaction carries it, so holds can name them.
   * Privacy commands and buttons keep nothing: a deletion must not be followed by a new row.
   */
  async function keepName(interaction: ChatInputCommandInteraction | ButtonInteraction): Promise<void> {
    const feature = interaction.isButton()
      ? parseCustomId(interaction.customId)?.feature
      : interaction.commandName;
    if (!interaction.inGuild() || feature === 'privacy') return;
    try {
      await services.memberNames.remember(
        { guildId: interaction.guildId, userId: interaction.user.id },
        ownName(interaction),
      );
    } catch (error) {
      if (isDatabaseUnavailable(error)) logger.debug({ err: error }, 'could not keep a member name');
      else logger.warn({ err: error }, 'could not keep a member name');
    }
  }

  /** `what` names the interaction in logs; `kind` is its metric label, from a short fixed list. */
  async function guard(
    interaction: ChatInputCommandInteraction | ButtonInteraction,
    what: string,
    kind: string,
    handle: () => Promise<void>,
    ageMs: number,
  ): Promise<void> {
    const started = performance.now();
    const deadline = answerBeforeDeadline(
      interaction,
      (error) => logger.warn({ err: error, what }, 'could not tell the member the bot is too slow'),
      ageMs,
    );
    const keeping = keepName(interaction);
    // A hold's live message names its members: the name is kept before the handler shows them there.
    const holdFeature = interaction.isButton()
      ? parseCustomId(interaction.customId)?.feature === 'hold'
      : interaction.commandName === 'hold';
    if (holdFeature) await keeping;
    try {
      await handle();
      const ms = performance.now() - started;
      metrics.interactionAnswered(kind, 'answered', ms);
      logger.debug({ what, ms: Math.round(ms) }, 'interaction answered');
    } catch (error) {
      const reference = randomBytes(4).toString('hex');
      const unavailable = isDatabaseUnavailable(error);
      const unreadable = isUnreadableOption(error);
      if (unavailable) logger.warn({ err: error, reference, what }, 'database unavailable');
      else if (unreadable) logger.warn({ err: error, reference, what }, 'an option of an unexpected type');
      else logger.error({ err: error, reference, what }, 'interaction failed');
      if (deadline.timedOut) {
        metrics.interactionAnswered(kind, 'failed', performance.now() - started);
        return;
      }
      const reply = unavailable
        ? databaseDownReply()
        : unreadable
          ? memberErrorReply({ code: 'command.option_unreadable' })
          : faultReply(reference);
      try {
        // A button that deferred its update would have its message (a public board) edited into the
        // apology: it gets a private follow-up instead.
        if (interaction.replied || (interaction.deferred && interaction.isButton()))
          await interaction.followUp(reply);
        else if (interaction.deferred)
          await interaction.editReply({ content: reply.content ?? null, embeds: reply.embeds ?? [] });
        else await interaction.reply(reply);
      } catch (replyError) {
        logger.warn({ err: replyError, reference }, 'could not tell the member about the failure');
      }
      metrics.interactionAnswered(kind, 'failed', performance.now() - started);
    } finally {
      deadline.done();
    }
    await keeping;
  }

  async function dispatch(interaction: Interaction): Promise<void> {
    const ageMs = interactionAgeMs(interaction, services.clock);
    if (ageMs > staleAfterMs) {
      // Replayed after a reconnect, or held up on the way: Discord will refuse any answer now.
      logger.warn(
        { id: interaction.id, type: interaction.type, ageMs },
        'interaction arrived too late to answer',
      );
      metrics.interactionAnswered(interactionKind(interaction), 'stale', 0);
      return;
    }

    if (interaction.isAutocomplete()) {
      try {
        // Over budget: no suggestions, and no database read for them.
        if (!withinBudget(interaction, interactionCost.autocomplete)) {
          await interaction.respond([]);
          return;
        }
        await byName.get(interaction.commandName)?.autocomplete?.(interaction, services);
      } catch (error) {
        logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
      }
      return;
    }

    if (interaction.isButton() || interaction.isChatInputCommand()) {
      const cost = interaction.isButton() ? interactionCost.button : interactionCost.command;
      // Before anything else, the kept name included: a member past their budget costs one private answer.
      if (!withinBudget(interaction, cost)) {
        metrics.interactionAnswered(interactionKind(interaction), 'throttled', 0);
        await interaction
          .reply(slowDownReply())
          .catch((error: unknown) => logger.warn({ err: error }, 'could not ask a member to slow down'));
        return;
      }
    }

    if (interaction.isButton()) {
      const id = parseCustomId(interaction.customId);
      await guard(
        interaction,
        `button ${interaction.customId}`,
        `button:${id?.feature ?? 'unknown'}`,
        async () => {
          // An old message's button, or a crafted one: a plain private answer, not a fault.
          if (!id) {
            await interaction.reply(memberErrorReply({ code: 'command.button_obsolete' }));
            return;
          }
          if (id.feature === 'hold') await pressHoldButton(interaction, id, services);
          else if (id.feature === 'privacy') await pressPrivacyButton(interaction, id, services);
          else if (id.feature === 'reminder') await pressReminderStop(interaction, id, services);
          else await turnBoardPage(interaction, id, services);
        },
        ageMs,
      );
      return;
    }

    if (interaction.isChatInputCommand()) {
      const command = byName.get(interaction.commandName);
      const subcommand = command ? interaction.options.getSubcommand(false) : null;
      const name = `/${command ? interaction.commandName : 'unknown'}${subcommand ? ` ${subcommand}` : ''}`;
      await guard(
        interaction,
        `/${interaction.commandName}`,
        name,
        async () => {
          if (!command) throw new Error(`No handler for /${interaction.commandName}`);
          const serverOnly = !command.data.contexts?.includes(InteractionContextType.BotDM);
          if (serverOnly && !interaction.inGuild()) {
            await interaction.reply(memberErrorReply({ code: 'command.server_only' }));
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
        },
        ageMs,
      );
    }
  }

  const inFlight = new Set<Promise<void>>();
  let accepting = true;

  return {
    route(interaction: Interaction): Promise<void> {
      if (!accepting) return answerRestarting(interaction);
      const work = dispatch(interaction).finally(() => inFlight.delete(work));
      inFlight.add(work);
      return work;
    },
    /** For shutdown: later interactions are asked to come back shortly; resolves once those in flight are answered. */
    async stopAccepting(): Promise<void> {
      accepting = false;
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}

/** The metric label of an interaction that was not handled, from the same short list as the handled ones. */
function interactionKind(interaction: Interaction): string {
  if (interaction.isButton()) return `button:${parseCustomId(interaction.customId)?.feature ?? 'unknown'}`;
  if (interaction.isCommand() || interaction.isAutocomplete()) return `/${interaction.commandName}`;
  return 'other';
}

const unreadableOptionCodes: ReadonlySet<string> = new Set([
  DiscordjsErrorCodes.CommandInteractionOptionType,
  DiscordjsErrorCodes.CommandInteractionOptionEmpty,
  DiscordjsErrorCodes.CommandInteractionOptionNotFound,
]);

/** discord.js refuses to read an option that is missing or of another type than the handler asks for. */
function isUnreadableOption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && unreadableOptionCodes.has(code);
}

/** The answer past a member's budget: private, and nothing was done. */
function slowDownReply() {
  return onlyForYou({
    content: '🐢 Slow down a little: that’s a lot at once. Nothing was done; try again in a few seconds.',
  });
}

async function answerRestarting(interaction: Interaction): Promise<void> {
  if (!interaction.isRepliable()) return;
  await interaction
    .reply(onlyForYou({ content: '🔄 I’m restarting. Try again in a few seconds.' }))
    .catch(() => undefined);
}
