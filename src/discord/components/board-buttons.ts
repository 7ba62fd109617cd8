import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { Period } from '../../services/leaderboards.js';
import type { Services } from '../../services/index.js';
import type { CustomId } from '../custom-ids.js';
import { presentMembers } from '../members.js';
import { boardPageUserIds, renderBoardPage } from '../render/leaderboard.js';
import { memberErrorReply } from '../render/replies.js';

/** Builds one page of a board, leaving out members who have left the server. */
export async function boardPage(
  interaction: ButtonInteraction | ChatInputCommandInteraction,
  services: Services,
  request: { period: Period; exercise: string | null; page: number },
) {
  const guildId = interaction.guildId!;
  const board = await services.leaderboards.board({ guildId, ...request });
  if (!board.ok) return board;
  const ids = boardPageUserIds(board.value);
  const present = await presentMembers(interaction.client, services, guildId, ids);
  const gone = new Set(ids.filter((id) => !present.has(id)));
  return { ok: true as const, value: renderBoardPage(board.value, gone) };
}

export async function turnBoardPage(
  interaction: ButtonInteraction,
  id: Extract<CustomId, { feature: 'board' }>,
  services: Services,
) {
  const page = await boardPage(interaction, services, id);
  if (page.ok) await interaction.update(page.value);
  else await interaction.reply(memberErrorReply(page.error));
}
