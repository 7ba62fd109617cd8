/** Button ids read `feature:action:id` (`hold:join:42`), parsed here and nowhere else. */
export type CustomId = { feature: 'hold'; action: 'join' | 'leave'; sessionId: number };

export function holdButtonId(action: 'join' | 'leave', sessionId: number): string {
  return `hold:${action}:${sessionId}`;
}

export function parseCustomId(customId: string): CustomId | undefined {
  const match = /^hold:(join|leave):(\d{1,15})$/.exec(customId);
  if (!match) return undefined;
  return { feature: 'hold', action: match[1] as 'join' | 'leave', sessionId: Number(match[2]) };
}
