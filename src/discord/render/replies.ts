import { MessageFlags, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { MemberError } from '../../core/result.js';
import { memberErrorText } from './member-errors.js';

export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent>[];
  flags?: MessageFlags.Ephemeral;
}

export const colors = {
  brand: 0x3aa88f,
  warning: 0xe0a030,
} as const;

export const onlyForYou = (reply: Reply): Reply => ({ ...reply, flags: MessageFlags.Ephemeral });

export const memberErrorReply = (error: MemberError): Reply =>
  onlyForYou({ content: `⚠️ ${memberErrorText(error)}` });

export const faultReply = (reference: string): Reply =>
  onlyForYou({
    content: `😓 Something went wrong on my side, and nothing was changed. Please try again in a moment. (reference \`${reference}\`)`,
  });

export const databaseDownReply = (): Reply =>
  onlyForYou({
    content:
      '🔌 I can’t reach my database right now, so this didn’t go through and nothing was changed. Please try again in a minute.',
  });

export const tooSlowReply = (): Reply =>
  onlyForYou({
    content:
      '⏳ My database is answering very slowly, so I couldn’t finish this in time. It may still go through: check `/me` in a minute before trying again.',
  });
