import type { APIEmbed } from 'discord-api-types/v10';
import type { AutocompleteChoice } from './interactions.js';
import { pingedUserIds } from './mentions.js';
import type { SandboxComponent, SandboxMessage } from './world.js';

/** Names and time for turning ids and timestamps into words. */
export interface RenderContext {
  userName(id: string): string | undefined;
  channelName(id: string): string | undefined;
  roleName?(id: string): string | undefined;
  now(): number;
  /** IANA zone for absolute timestamps; the process's zone when absent. */
  timeZone?: string;
  /**
   * The viewer's client cache: whether it has this user loaded, so that a mention of them shows as a name.
   * renderMessage also knows the users the message itself carries (see `usersCarried`). Anyone else shows
   * as a raw `<@id>`, as on Discord (discord-api-docs#1479: wontfix). Absent: the viewer knows nobody else.
   */
  viewerKnows?(id: string): boolean;
}

/**
 * The users a client learns from the message itself: its author, the member whose interaction it answers
 * (interaction_metadata.user) and those its content pings (`mentions`). A mention in an embed, or one that
 * allowed_mentions kept from pinging, carries no user object, so it shows as a name only for a viewer who
 * has that user loaded already.
 */
export function usersCarried(message: SandboxMessage): Set<string> {
  return new Set([
    message.author.id,
    ...(message.interaction ? [message.interaction.userId] : []),
    ...pingedUserIds(message.content, message.allowedMentions),
  ]);
}

const LOADING = 128;

/** For text outside any one viewer's eyes (summaries in error texts): every user shows by name. */
const everyone = () => true;

/** Several lines: who posted where, the content, embeds as text, buttons, and whether it is private. */
export function renderMessage(
  message: SandboxMessage,
  ctx: RenderContext,
  options: { edited?: boolean } = {},
): string {
  const where = message.guildId
    ? `#${ctx.channelName(message.channelId) ?? message.channelId}`
    : `DM to @${dmPartner(message, ctx)}`;
  const author = ctx.userName(message.author.id) ?? message.author.username;
  const carried = usersCarried(message);
  const known = (id: string) => carried.has(id) || (ctx.viewerKnows?.(id) ?? false);
  const header = `[${where}] ${author}${options.edited ? ' (edited)' : ''}:`;
  const body: string[] = [];
  if (message.flags & LOADING) body.push(`${author} is thinking…`);
  if (message.content) body.push(...renderText(message.content, ctx, known).split('\n'));
  for (const embed of message.embeds) body.push(...renderEmbed(embed, ctx, known).map((line) => `| ${line}`));
  for (const file of message.attachments) body.push(`📎 ${file.filename} (${formatSize(file.size)})`);
  const buttons = renderComponents(message.components);
  if (buttons) body.push(...buttons.split('\n'));
  if (message.ephemeral) body.push('(only you can see this)');
  return [header, ...body.map((line) => `  ${line}`)].join('\n');
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** One line, for lists of recent messages in error texts. */
export function summarizeMessage(message: SandboxMessage, ctx: RenderContext): string {
  const text = [message.content, ...message.embeds.map((embed) => embed.title ?? embed.description ?? '')]
    .filter(Boolean)
    .join(' / ');
  const where = message.guildId ? `#${ctx.channelName(message.channelId) ?? message.channelId}` : 'DM';
  const flat = renderText(text, ctx).replace(/\s+/g, ' ');
  const short = flat.length > 100 ? `${flat.slice(0, 97)}...` : flat;
  return `${where} ${message.author.username}${message.ephemeral ? ' (ephemeral)' : ''}: ${short || '(no text)'}`;
}

export function renderEmbed(
  embed: APIEmbed,
  ctx: RenderContext,
  known: (userId: string) => boolean = everyone,
): string[] {
  const text = (value: string) => renderText(value, ctx, known);
  const lines: string[] = [];
  if (embed.author?.name) lines.push(text(embed.author.name));
  if (embed.title) lines.push(`**${text(embed.title)}**`);
  if (embed.description) lines.push(...text(embed.description).split('\n'));
  for (const field of embed.fields ?? []) {
    const value = text(field.value).split('\n');
    lines.push(`${text(field.name)}: ${value[0] ?? ''}`, ...value.slice(1).map((line) => `  ${line}`));
  }
  if (embed.footer?.text) lines.push(`— ${text(embed.footer.text)}`);
  return lines;
}

/** `[Join] [Leave]`, one line per action row. */
export function renderComponents(components: SandboxComponent[]): string {
  const rows = components.map((row) =>
    (row.components ?? [row]).map(renderComponent).filter(Boolean).join(' '),
  );
  return rows.filter(Boolean).join('\n');
}

function renderComponent(component: SandboxComponent): string {
  if (component.type === 2) {
    const emoji = component.emoji?.name ? `${component.emoji.name} ` : '';
    const label = `${emoji}${component.label ?? component.custom_id ?? '?'}`.trim();
    if (component.url) return `[${label} ↗]`;
    return component.disabled ? `[${label} (disabled)]` : `[${label}]`;
  }
  if (component.type === 3) {
    const options = (component.options ?? []).map((option) => option.label).join(' | ');
    return `[${component.placeholder ?? 'choose'}: ${options}]`;
  }
  if (component.type === 10 && component.content) return component.content;
  return '';
}

export function renderChoices(choices: readonly AutocompleteChoice[]): string {
  if (choices.length === 0) return '(no suggestions)';
  return choices
    .map((choice) =>
      choice.name === String(choice.value) ? choice.name : `${choice.name} (${choice.value})`,
    )
    .join(', ');
}

/**
 * Mentions become @names and #channels, Discord timestamps become readable times, custom emoji their names.
 * A user mention stays a raw `<@id>` unless `known` says the viewer's client has that user loaded.
 */
export function renderText(
  text: string,
  ctx: RenderContext,
  known: (userId: string) => boolean = everyone,
): string {
  return text
    .replace(/<@!?(\d+)>/g, (raw, id: string) => {
      const name = known(id) ? ctx.userName(id) : undefined;
      return name ? `@${name}` : raw;
    })
    .replace(/<@&(\d+)>/g, (_, id: string) => `@${ctx.roleName?.(id) ?? id}`)
    .replace(/<#(\d+)>/g, (_, id: string) => `#${ctx.channelName(id) ?? id}`)
    .replace(/<a?:(\w+):\d+>/g, ':$1:')
    .replace(/<t:(-?\d+)(?::([tTdDfFR]))?>/g, (_, seconds: string, style?: string) =>
      formatTimestamp(Number(seconds) * 1000, style ?? 'f', ctx),
    );
}

export function formatTimestamp(
  ms: number,
  style: string,
  ctx: Pick<RenderContext, 'now' | 'timeZone'>,
): string {
  if (style === 'R') return formatRelative(ms - ctx.now());
  const zone = ctx.timeZone ? { timeZone: ctx.timeZone } : {};
  const formats: Record<string, Intl.DateTimeFormatOptions> = {
    t: { hour: '2-digit', minute: '2-digit' },
    T: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
    d: { year: 'numeric', month: '2-digit', day: '2-digit' },
    D: { year: 'numeric', month: 'long', day: 'numeric' },
    f: { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' },
    F: {
      weekday: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    },
  };
  return new Intl.DateTimeFormat('en-GB', { ...formats[style], ...zone, hourCycle: 'h23' }).format(ms);
}

/** "in 20 min", "3 h ago", "in 2 days". */
export function formatRelative(deltaMs: number): string {
  const seconds = Math.round(Math.abs(deltaMs) / 1000);
  const units: [number, string][] = [
    [365 * 86_400, 'year'],
    [30 * 86_400, 'month'],
    [86_400, 'day'],
    [3600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  let amount = 0;
  let unit = 's';
  for (const [size, name] of units) {
    if (seconds >= size) {
      amount = Math.round(seconds / size);
      unit = name;
      break;
    }
  }
  if (seconds < 1) return 'now';
  const label =
    unit === 'day' || unit === 'month' || unit === 'year'
      ? `${amount} ${unit}${amount === 1 ? '' : 's'}`
      : `${amount} ${unit}`;
  return deltaMs >= 0 ? `in ${label}` : `${label} ago`;
}

function dmPartner(message: SandboxMessage, ctx: RenderContext): string {
  const partner = message.interaction?.userId;
  return (partner && ctx.userName(partner)) ?? ctx.channelName(message.channelId) ?? message.channelId;
}
