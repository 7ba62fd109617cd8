import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { Period } from '../../services/leaderboards.js';
import type { Services } from '../../services/index.js';
import type { CustomId } from '../custom-ids.js';
import { presentMembers } from '../members.js';
import { boardPageUserIds, renderBoardPage } from '../render/leaderboard.js';
import { memberErrorReply } from '../render/replies.js';

/**
 * Builds one page of a board, leaving out members who have left the server. Each row's member is looked
 * up at Discord, one request after another in discord.js's queue: at real latency (100-200 ms each) a
 * page of ten can pass the 3 s Discord gives a first answer, so `acknowledge` (a defer) goes out first.
 */
export async function boardPage(
  interaction: ButtonInteraction | ChatInputCommandInteraction,
  services: Services,
  request: { period: Period; exercise: string | null; page: number },
  acknowledge: () => Promise<unknown>,
) {
  const guildId = interaction.guildId!;
  const board = await services.leaderboards.board({ guildId, ...request });
  if (!board.ok) return board;
  const ids = boardPageUserIds(board.value);
  if (ids.length > 0) await acknowledge();
  const present = await presentMembers(interaction.client, services, guildId, ids);
  const gone = new Set(ids.filter((id) => !present.has(id)));
  return { ok: true as const, value: renderBoardPage(board.value, gone, present) };
}

export async function turnBoardPage(
  interaction: ButtonInteraction,
  id: Extract<CustomId, { feature: 'board' }>,
  services: Services,
) {
  const page = await boardPage(interaction, services, id, () => interaction.deferUpdate());
  if (!page.ok) await interaction.reply(memberErrorReply(page.error));
  else if (interaction.deferred) await interaction.editReply(page.value);
  else await interaction.update(page.value);
}
