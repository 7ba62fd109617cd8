import type { VoiceState } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services/index.js';

/** Members who enter a hold's voice channel join the hold; leaving the channel leaves it. */
export function createVoiceFollower({ services, logger }: { services: Services; logger: Logger }) {
  return async function followVoice(before: VoiceState, after: VoiceState): Promise<void> {
    if (before.channelId === after.channelId) return;
    const member = { guildId: after.guild.id, userId: after.id };
    try {
      if (before.channelId) await services.holds.voiceLeft({ ...member, voiceChannelId: before.channelId });
      if (after.channelId) {
        await services.holds.voiceJoined({
          ...member,
          voiceChannelId: after.channelId,
          // discord.js keeps no member from a voice state (members are not cached, client.ts): Discord is asked.
          displayName: () =>
            after.guild.members.fetch(after.id).then(
              (found) => found.displayName,
              () => undefined,
            ),
        });
      }
    } catch (error) {
      logger.error({ err: error, ...member }, 'could not follow a voice change');
    }
  };
}
