import type { AllowedMentions } from './world.js';

/**
 * The users a message's content pings: its `<@id>` mentions that allowed_mentions lets through (all of
 * them when it is absent). Discord sends these, and only these, as user objects in the message's
 * `mentions` (docs/resources/message.mdx, "Allowed Mentions Object"); embeds never ping.
 */
export function pingedUserIds(content: string, allowed: AllowedMentions | null): string[] {
  const ids = [...content.matchAll(/<@!?(\d+)>/g)].map((match) => match[1] ?? '');
  const permitted = (id: string) =>
    !allowed || allowed.parse?.includes('users') || (allowed.users ?? []).includes(id);
  return [...new Set(ids)].filter(permitted);
}
