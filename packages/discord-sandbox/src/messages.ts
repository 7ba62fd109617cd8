import type { EventEmitter } from 'node:events';
import type { APIEmbed } from 'discord-api-types/v10';
import type { SandboxAttachment } from './attachments.js';
import type { Gateway } from './gateway.js';
import { messageJson } from './payloads.js';
import type { IdGenerator } from './snowflakes.js';
import type {
  AllowedMentions,
  SandboxChannel,
  SandboxComponent,
  SandboxMessage,
  SandboxUser,
  World,
} from './world.js';

export type MessageChange = 'created' | 'edited' | 'deleted';

/** A message body as the bot sends it (the fields the sandbox keeps). */
export interface MessageBody {
  content?: string | null;
  embeds?: APIEmbed[] | null;
  components?: SandboxComponent[] | null;
  flags?: number | null;
  allowed_mentions?: AllowedMentions | null;
  nonce?: string | number | null;
  /**
   * Not a Discord field: the files the message ends up with, worked out by the route from the body's
   * `attachments` and the uploaded parts (see resolveAttachments). Undefined leaves them as they are.
   */
  files?: SandboxAttachment[] | undefined;
}

export interface MessageOrigin {
  author?: SandboxUser;
  type?: number;
  webhookId?: string | null;
  interaction?: SandboxMessage['interaction'];
}

const EPHEMERAL = 64;
const LOADING = 128;
// Flags a bot may set itself: suppress embeds, ephemeral, suppress notifications, components v2.
const SETTABLE_FLAGS = 4 | EPHEMERAL | 4096 | (1 << 15);

export class MessageStore {
  private readonly byChannel = new Map<string, SandboxMessage[]>();
  private readonly byId = new Map<string, SandboxMessage>();
  private readonly nonces = new Map<string, { message: SandboxMessage; at: number }>();

  constructor(
    private readonly world: World,
    private readonly gateway: Gateway,
    private readonly nextId: IdGenerator,
    private readonly now: () => number,
    private readonly events: EventEmitter,
    /** How long an enforced nonce is remembered; a test may change it. */
    public nonceWindowMs: number,
    /** The clock that window runs on. */
    private readonly nonceNow: () => number = now,
  ) {}

  get(id: string): SandboxMessage | undefined {
    return this.byId.get(id);
  }

  inChannel(channelId: string): SandboxMessage[] {
    return (this.byChannel.get(channelId) ?? []).filter((message) => !message.deleted);
  }

  all(): SandboxMessage[] {
    return [...this.byId.values()].filter((message) => !message.deleted);
  }

  /**
   * Discord answers a repeated enforced nonce from the same author with the first message, for "a few
   * minutes" (docs/resources/message.mdx, enforce_nonce). The message may since have been deleted.
   */
  findByNonce(authorId: string, nonce: string | number): SandboxMessage | undefined {
    const seen = this.nonces.get(`${authorId}:${nonce}`);
    if (!seen || this.nonceNow() - seen.at > this.nonceWindowMs) return undefined;
    return seen.message;
  }

  create(
    channel: SandboxChannel,
    body: MessageBody,
    origin: MessageOrigin = {},
    extraFlags = 0,
  ): SandboxMessage {
    const flags = ((body.flags ?? 0) & SETTABLE_FLAGS) | extraFlags;
    const message: SandboxMessage = {
      id: this.nextId(),
      channelId: channel.id,
      guildId: channel.guildId,
      author: origin.author ?? this.world.botUser,
      content: body.content ?? '',
      embeds: (body.embeds ?? []).map((embed) => ({ type: 'rich', ...embed }) as APIEmbed),
      components: numberComponents(body.components ?? []),
      attachments: body.files ?? [],
      flags,
      ephemeral: (flags & EPHEMERAL) !== 0,
      nonce: body.nonce ?? null,
      allowedMentions: body.allowed_mentions ?? null,
      mentionsEveryone: false,
      type: origin.type ?? 0,
      createdAt: this.now(),
      editedAt: null,
      editCount: 0,
      deleted: false,
      webhookId: origin.webhookId ?? null,
      interaction: origin.interaction ?? null,
    };
    message.mentionsEveryone = couldPingEveryone(message);
    this.byId.set(message.id, message);
    const list = this.byChannel.get(channel.id) ?? [];
    list.push(message);
    this.byChannel.set(channel.id, list);
    if (!message.ephemeral) {
      channel.lastMessageId = message.id;
      channel.lastActivityAt = message.createdAt;
    }
    if (message.nonce !== null) this.rememberNonce(message);
    this.publish('MESSAGE_CREATE', message);
    this.events.emit('message', message, 'created');
    return message;
  }

  /** PATCH semantics: fields present replace, null clears, absent fields stay. */
  edit(message: SandboxMessage, body: MessageBody): SandboxMessage {
    if (body.content !== undefined) message.content = body.content ?? '';
    if (body.embeds !== undefined) message.embeds = body.embeds ?? [];
    if (body.components !== undefined) message.components = numberComponents(body.components ?? []);
    if (body.files !== undefined) message.attachments = body.files;
    if (body.allowed_mentions !== undefined && body.allowed_mentions !== null) {
      message.allowedMentions = body.allowed_mentions;
    }
    const suppressEmbeds = body.flags != null ? body.flags & 4 : message.flags & 4;
    message.flags = (message.flags & ~(4 | LOADING)) | suppressEmbeds;
    message.mentionsEveryone = couldPingEveryone(message);
    message.editedAt = this.now();
    message.editCount += 1;
    this.publish('MESSAGE_UPDATE', message);
    this.events.emit('message', message, 'edited');
    return message;
  }

  delete(message: SandboxMessage): void {
    message.deleted = true;
    this.byId.delete(message.id);
    const list = this.byChannel.get(message.channelId);
    if (list) list.splice(list.indexOf(message), 1);
    if (!message.ephemeral) {
      this.gateway.dispatch(
        'MESSAGE_DELETE',
        {
          id: message.id,
          channel_id: message.channelId,
          ...(message.guildId ? { guild_id: message.guildId } : {}),
        },
        message.guildId,
      );
    }
    this.events.emit('message', message, 'deleted');
  }

  private rememberNonce(message: SandboxMessage) {
    const at = this.nonceNow();
    if (this.nonces.size > 10_000) {
      for (const [key, seen] of this.nonces) if (at - seen.at > this.nonceWindowMs) this.nonces.delete(key);
    }
    this.nonces.set(`${message.author.id}:${message.nonce}`, { message, at });
  }

  private publish(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: SandboxMessage) {
    if (message.ephemeral) return;
    this.gateway.dispatch(t, messageJson(this.world, message), message.guildId);
  }
}

// Discord parses every mention when allowed_mentions is absent.
function couldPingEveryone(message: SandboxMessage): boolean {
  if (!/@(everyone|here)/.test(message.content)) return false;
  return message.allowedMentions === null || (message.allowedMentions.parse ?? []).includes('everyone');
}

// Discord gives every component of a stored message a numeric id, counting depth-first from 1.
function numberComponents(components: SandboxComponent[]): SandboxComponent[] {
  let next = 1;
  const visit = (component: SandboxComponent): SandboxComponent => {
    const id = component.id ?? next;
    next = Math.max(next, id) + 1;
    return {
      ...component,
      id,
      ...(component.components ? { components: component.components.map(visit) } : {}),
    };
  };
  return components.map(visit);
}
