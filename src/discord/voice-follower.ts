import type { Guild, VoiceState } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services/index.js';

/** Members who enter a hold's voice channel join the hold; leaving the channel leaves it. */
export function createVoiceFollower({ services, logger }: { services: Services; logger: Logger }) {
  /** Where this process last saw each member in voice, per server: what a gap in events is measured against. */
  const lastSeen = new Map<string, Map<string, string>>();

  async function followVoice(before: VoiceState, after: VoiceState): Promise<void> {
    const seen = lastSeen.get(after.guild.id) ?? new Map<string, string>();
    lastSeen.set(after.guild.id, seen);
    if (after.channelId) seen.set(after.id, after.channelId);
    else seen.delete(after.id);
    if (before.channelId === after.channelId) return;
    const member = { guildId: after.guild.id, userId: after.id };
    try {
      if (before.channelId) await services.holds.voiceLeft({ ...member, voiceChannelId: before.channelId });
      if (after.channelId) {
        await services.holds.voiceJoined({
          ...member,
          voiceChannelId: after.channelId,
          // discord.js keeps no member from a voice state (members are not cached, client.ts): Discord is asked.
          member: () =>
            after.guild.members.fetch(after.id).then(
              (found) => ({ displayName: found.displayName, bot: found.user.bot }),
              () => undefined,
            ),
        });
      }
    } catch (error) {
      logger.error({ err: error, ...member }, 'could not follow a voice change');
    }
  }

  /**
   * After a new gateway session (an invalidated one, an outage, a restart), discord.js refreshes its
   * voice states from GUILD_CREATE without a voiceStateUpdate for what changed in the gap: the holds
   * are compared with them instead.
   */
  async function resyncVoice(guild: Guild): Promise<void> {
    const before = lastSeen.get(guild.id) ?? new Map<string, string>();
    const inVoice = rememberVoice(guild);
    try {
      await services.holds.voiceResynced({
        guildId: guild.id,
        inVoice,
        lastSeen: before,
        isBot: (userId) =>
          guild.members.fetch(userId).then(
            (found) => found.user.bot,
            () => false,
          ),
      });
    } catch (error) {
      logger.error({ err: error, guildId: guild.id }, 'could not compare the holds with voice');
    }
  }

  /** Takes the server's voice states as the last seen, without comparing (a server with no voice-bound hold). */
  function rememberVoice(guild: Guild): ReadonlyMap<string, string> {
    const inVoice = new Map<string, string>();
    for (const state of guild.voiceStates.cache.values()) {
      if (state.channelId) inVoice.set(state.id, state.channelId);
    }
    lastSeen.set(guild.id, new Map(inVoice));
    return inVoice;
  }

  return { followVoice, resyncVoice, rememberVoice };
}
