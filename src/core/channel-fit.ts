/** What Align needs to know of a channel to judge an option naming it: its server and its kind. */
export type ChannelKind =
  'text' | 'announcement' | 'voice' | 'stage' | 'category' | 'thread' | 'forum' | 'other';

export interface ChannelFacts {
  /** Null for a DM. */
  readonly guildId: string | null;
  readonly kind: ChannelKind;
}

/** What a channel option is for: a post (schedules, the weekly board), the hold category, a hold's voice. */
export type ChannelUse = 'post' | 'hold-category' | 'hold-voice';

const kindsFor: Record<ChannelUse, readonly ChannelKind[]> = {
  post: ['text'],
  'hold-category': ['category'],
  'hold-voice': ['voice', 'stage'],
};

/**
 * Why a channel can't serve `use` in server `guildId`: `elsewhere` when it is another server's (or no
 * channel the bot knows), `wrong_kind` when it is of the wrong type; null when it fits. Options can
 * be crafted, so a channel is judged by what Discord says it is, never by what the command declared.
 */
export function channelMisfit(
  use: ChannelUse,
  guildId: string,
  facts: ChannelFacts | undefined,
): 'elsewhere' | 'wrong_kind' | null {
  if (!facts || facts.guildId !== guildId) return 'elsewhere';
  return kindsFor[use].includes(facts.kind) ? null : 'wrong_kind';
}
