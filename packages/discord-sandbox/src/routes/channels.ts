import { resolveAttachments } from '../attachments.js';
import { findChannel, findGuild, guildOf, requireBotPermission, type SandboxContext } from '../context.js';
import type { MessageBody } from '../messages.js';
import { channelJson, messageJson } from '../payloads.js';
import {
  channelPermissions,
  guildPermissions,
  hasPermission,
  isThreadType,
  Permission,
} from '../permissions.js';
import { DiscordError, type RestRequest, type Route, validate } from '../rest-server.js';
import type { BodyKind } from '../validation.js';
import { asRecord } from '../validation.js';
import {
  ChannelKind,
  type PermissionOverwrite,
  type SandboxChannel,
  type SandboxGuild,
  type SandboxMessage,
} from '../world.js';

export function channelRoutes(ctx: SandboxContext): Route[] {
  const { world, messages, gateway, limits, now } = ctx;

  const announce = (event: 'CREATE' | 'UPDATE' | 'DELETE', channel: SandboxChannel) => {
    ctx.events.emit('channel', channel, { CREATE: 'created', UPDATE: 'updated', DELETE: 'deleted' }[event]);
    const kind = world.isThread(channel) ? 'THREAD' : 'CHANNEL';
    const extra = event === 'CREATE' && kind === 'THREAD' ? { newly_created: true } : {};
    if (channel.type === ChannelKind.dm) return;
    gateway.dispatch(`${kind}_${event}`, { ...channelJson(world, channel), ...extra }, channel.guildId);
  };

  /**
   * Discord archives a thread once `auto_archive_duration` minutes pass without a new message
   * (docs/topics/threads.mdx: edits are not activity). The sandbox looks whenever a channel route runs.
   */
  const archiveIdleThreads = () => {
    for (const channel of world.channels.values()) {
      if (!world.isThread(channel) || channel.archived) continue;
      if (now() - channel.lastActivityAt < channel.autoArchiveDuration * 60_000) continue;
      channel.archived = true;
      announce('UPDATE', channel);
    }
  };

  const mayWrite = (channel: SandboxChannel) => {
    if (channel.type === ChannelKind.dm) {
      if (channel.recipientId && world.closedDms.has(channel.recipientId)) {
        throw new DiscordError(403, 50007, 'Cannot send messages to this user');
      }
      // docs/topics/opcodes-and-status-codes.mdx: 50278 "Cannot send messages to this user due to
      // having no mutual guilds"; opening the DM channel still works (POST /users/@me/channels).
      if (channel.recipientId && !world.sharesGuildWithBot(channel.recipientId)) {
        throw new DiscordError(
          403,
          50278,
          'Cannot send messages to this user due to having no mutual guilds',
        );
      }
      return;
    }
    const guild = guildOf(ctx, channel);
    if (!guild) return;
    const flag = world.isThread(channel) ? Permission.SendMessagesInThreads : Permission.SendMessages;
    requireBotPermission(ctx, guild, channel, flag);
    if (channel.type === ChannelKind.category) {
      throw new DiscordError(400, 50008, 'Cannot send messages in a non-text channel');
    }
    // A new message unarchives a thread (threads.mdx), unless a moderator locked it.
    if (channel.archived && channel.locked) throw new DiscordError(400, 50083, 'Thread is archived');
    if (channel.archived) {
      channel.archived = false;
      channel.lastActivityAt = now();
      announce('UPDATE', channel);
    }
  };

  // Without Embed Links Discord refuses a post's embeds (discord-api-docs#2601): the stricter reading.
  const mayEmbed = (channel: SandboxChannel, body: unknown) => {
    const embeds = asRecord(body).embeds;
    const guild = guildOf(ctx, channel);
    if (guild && Array.isArray(embeds) && embeds.length > 0) {
      requireBotPermission(ctx, guild, channel, Permission.EmbedLinks);
    }
  };

  /**
   * guild.mdx, Create Guild Channel: "only permissions your bot has in the guild can be allowed/denied.
   * Setting MANAGE_ROLES permission in channels is only possible for guild administrators."
   */
  const mayOverwrite = (guild: SandboxGuild, overwrites: PermissionOverwrite[]) => {
    const has = guildPermissions(guild, world.botUser.id);
    if (hasPermission(has, Permission.Administrator)) return;
    const settable = has & ~Permission.ManageRoles;
    for (const overwrite of overwrites) {
      if ((overwrite.allow | overwrite.deny) & ~settable) {
        throw new DiscordError(403, 50013, 'Missing Permissions');
      }
    }
  };

  const findMessage = (channel: SandboxChannel, id: string | undefined): SandboxMessage => {
    const message = id ? messages.get(id) : undefined;
    // Ephemeral messages exist only for the member who saw them; channel routes cannot reach them.
    if (!message || message.channelId !== channel.id || message.ephemeral) {
      throw new DiscordError(404, 10008, 'Unknown Message');
    }
    return message;
  };

  const createMessage = ({ params, body, files }: RestRequest) => {
    const channel = findChannel(ctx, params.channel);
    validate('message.create', body);
    mayWrite(channel);
    mayEmbed(channel, body);
    const request = asRecord(body) as MessageBody & { enforce_nonce?: boolean };
    if (request.enforce_nonce && request.nonce !== undefined && request.nonce !== null) {
      const earlier = messages.findByNonce(world.botUser.id, request.nonce);
      // A repeat of a message since deleted is refused, not created again (discord-api-docs#6647).
      if (earlier?.deleted) throw new DiscordError(404, 10008, 'Unknown Message');
      if (earlier) return { status: 200, body: messageJson(world, earlier) };
    }
    const message = messages.create(channel, {
      ...request,
      files: resolveAttachments(body, files, ctx.nextId),
    });
    return { status: 200, body: messageJson(world, message) };
  };

  /**
   * Get Channel Messages (resources/message.mdx): newest first; `limit` 1–100 (default 50); at most one
   * of `before`, `after` and `around`. A guild channel needs View Channel, and without Read Message
   * History "no messages will be returned".
   */
  const listMessages = ({ params, query }: RestRequest) => {
    const channel = findChannel(ctx, params.channel);
    const guild = guildOf(ctx, channel);
    if (guild) requireBotPermission(ctx, guild, channel);
    const limitText = query.get('limit');
    const limit = limitText === null ? 50 : Number(limitText);
    const anchors = (['before', 'after', 'around'] as const).filter((key) => query.has(key));
    const anchorId = anchors[0] ? query.get(anchors[0])! : undefined;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100 || anchors.length > 1) {
      throw new DiscordError(400, 50035, 'Invalid Form Body');
    }
    if (anchorId !== undefined && !/^\d{1,20}$/.test(anchorId)) {
      throw new DiscordError(400, 50035, 'Invalid Form Body');
    }
    if (
      guild &&
      !hasPermission(channelPermissions(guild, world.botUser.id, channel), Permission.ReadMessageHistory)
    ) {
      return { status: 200, body: [] };
    }
    // Oldest first while choosing; answered newest first, as Discord does.
    const all = messages.inChannel(channel.id).filter((message) => !message.ephemeral);
    const idOf = (message: SandboxMessage) => BigInt(message.id);
    let chosen: SandboxMessage[];
    if (anchors[0] === 'before') {
      chosen = all.filter((message) => idOf(message) < BigInt(anchorId!)).slice(-limit);
    } else if (anchors[0] === 'after') {
      chosen = all.filter((message) => idOf(message) > BigInt(anchorId!)).slice(0, limit);
    } else if (anchors[0] === 'around') {
      const older = all.filter((message) => idOf(message) <= BigInt(anchorId!));
      const newer = all.filter((message) => idOf(message) > BigInt(anchorId!));
      const half = Math.floor(limit / 2);
      const fromNewer = newer.slice(0, Math.max(limit - Math.min(older.length, limit - half), 0));
      chosen = [...older.slice(-(limit - fromNewer.length)), ...fromNewer];
    } else {
      chosen = all.slice(-limit);
    }
    return { status: 200, body: chosen.reverse().map((message) => messageJson(world, message)) };
  };

  const editChannel = ({ params, body }: RestRequest) => {
    const channel = findChannel(ctx, params.channel);
    const guild = guildOf(ctx, channel);
    if (!guild) throw new DiscordError(403, 50003, 'Cannot execute action on a DM channel');
    const thread = world.isThread(channel);
    if (thread && channel.ownerId !== world.botUser.id) {
      requireBotPermission(ctx, guild, channel, Permission.ManageThreads);
    }
    if (!thread) requireBotPermission(ctx, guild, channel, Permission.ManageChannels);
    validate(thread ? 'thread.edit' : 'channel.edit', body);
    const changes = asRecord(body);
    if (typeof changes.name === 'string' && changes.name !== channel.name) {
      // Discord's undocumented 2-per-10-minutes rename limit.
      limits.channelRenames.take(channel.id, now(), 'hidden');
      channel.name = changes.name;
    }
    if (typeof changes.topic === 'string' || changes.topic === null) channel.topic = changes.topic;
    if (typeof changes.parent_id === 'string' || changes.parent_id === null) {
      channel.parentId = changes.parent_id;
    }
    if (typeof changes.archived === 'boolean') {
      if (channel.archived && !changes.archived) channel.lastActivityAt = now();
      channel.archived = changes.archived;
    }
    if (typeof changes.auto_archive_duration === 'number') {
      channel.autoArchiveDuration = changes.auto_archive_duration;
    }
    if (typeof changes.locked === 'boolean') channel.locked = changes.locked;
    if (Array.isArray(changes.permission_overwrites)) {
      channel.overwrites = toOverwrites(changes.permission_overwrites);
    }
    announce('UPDATE', channel);
    return { status: 200, body: channelJson(world, channel) };
  };

  const deleteChannel = ({ params }: RestRequest) => {
    const channel = findChannel(ctx, params.channel);
    const guild = guildOf(ctx, channel);
    if (guild) {
      const thread = world.isThread(channel);
      const needed = thread ? Permission.ManageThreads : Permission.ManageChannels;
      if (!(thread && channel.ownerId === world.botUser.id)) {
        requireBotPermission(ctx, guild, channel, needed);
      }
      for (const child of [...guild.channels.values()]) {
        if (child.parentId === channel.id && world.isThread(child)) {
          world.removeChannel(child);
          announce('DELETE', child);
        }
      }
    }
    world.removeChannel(channel);
    announce('DELETE', channel);
    return { status: 200, body: channelJson(world, channel) };
  };

  const createThread =
    (kind: BodyKind) =>
    ({ params, body }: RestRequest) => {
      const parent = findChannel(ctx, params.channel);
      const guild = guildOf(ctx, parent);
      if (!guild || parent.type !== ChannelKind.text) {
        throw new DiscordError(400, 50024, 'Cannot execute action on this channel type');
      }
      validate(kind, body);
      const request = asRecord(body);
      const type =
        kind === 'thread.fromMessage'
          ? ChannelKind.publicThread
          : ((request.type as number | undefined) ?? ChannelKind.privateThread);
      const needed =
        type === ChannelKind.privateThread ? Permission.CreatePrivateThreads : Permission.CreatePublicThreads;
      requireBotPermission(ctx, guild, parent, needed);
      if (params.message) findMessage(parent, params.message);
      const thread = world.addChannel({
        guildId: guild.id,
        name: String(request.name),
        type,
        parentId: parent.id,
        ownerId: world.botUser.id,
        autoArchiveDuration: (request.auto_archive_duration as number | undefined) ?? 4320,
        ...(params.message ? { id: params.message } : {}),
      });
      thread.threadMembers.add(world.botUser.id);
      announce('CREATE', thread);
      return { status: 201, body: channelJson(world, thread) };
    };

  const threadMember =
    (add: boolean) =>
    ({ params }: RestRequest) => {
      const thread = findChannel(ctx, params.channel);
      const guild = guildOf(ctx, thread);
      if (!guild || !world.isThread(thread)) {
        throw new DiscordError(400, 50024, 'Cannot execute action on this channel type');
      }
      const userId = params.user === '@me' ? world.botUser.id : (params.user ?? '');
      if (!guild.members.has(userId)) throw new DiscordError(404, 10013, 'Unknown User');
      if (add) thread.threadMembers.add(userId);
      else thread.threadMembers.delete(userId);
      return { status: 204 };
    };

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/channels/:channel',
      handle: ({ params }) => ({ status: 200, body: channelJson(world, findChannel(ctx, params.channel)) }),
    },
    { method: 'PATCH', path: '/channels/:channel', handle: editChannel },
    { method: 'DELETE', path: '/channels/:channel', handle: deleteChannel },
    { method: 'GET', path: '/channels/:channel/messages', handle: listMessages },
    { method: 'POST', path: '/channels/:channel/messages', handle: createMessage },
    {
      method: 'GET',
      path: '/channels/:channel/messages/:message',
      handle: ({ params }) => ({
        status: 200,
        body: messageJson(world, findMessage(findChannel(ctx, params.channel), params.message)),
      }),
    },
    {
      method: 'PATCH',
      path: '/channels/:channel/messages/:message',
      handle: ({ params, body, files }) => {
        const message = findMessage(findChannel(ctx, params.channel), params.message);
        if (message.author.id !== world.botUser.id) {
          throw new DiscordError(403, 50005, 'Cannot edit a message authored by another user');
        }
        validate('message.edit', body);
        const channel = findChannel(ctx, params.channel);
        // An archived thread's messages cannot be edited (resources/channel.mdx, thread metadata).
        if (world.isThread(channel) && channel.archived) {
          throw new DiscordError(400, 50083, 'Thread is archived');
        }
        mayEmbed(channel, body);
        const edit = {
          ...(asRecord(body) as MessageBody),
          files: resolveAttachments(body, files, ctx.nextId, message.attachments),
        };
        return { status: 200, body: messageJson(world, messages.edit(message, edit)) };
      },
    },
    {
      method: 'DELETE',
      path: '/channels/:channel/messages/:message',
      handle: ({ params }) => {
        const channel = findChannel(ctx, params.channel);
        const message = findMessage(channel, params.message);
        const guild = guildOf(ctx, channel);
        if (message.author.id !== world.botUser.id && guild) {
          requireBotPermission(ctx, guild, channel, Permission.ManageMessages);
        }
        messages.delete(message);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: '/channels/:channel/typing',
      handle: ({ params }) => (findChannel(ctx, params.channel), { status: 204 }),
    },
    { method: 'POST', path: '/channels/:channel/threads', handle: createThread('thread.create') },
    {
      method: 'POST',
      path: '/channels/:channel/messages/:message/threads',
      handle: createThread('thread.fromMessage'),
    },
    { method: 'PUT', path: '/channels/:channel/thread-members/:user', handle: threadMember(true) },
    { method: 'DELETE', path: '/channels/:channel/thread-members/:user', handle: threadMember(false) },
    {
      method: 'POST',
      path: '/guilds/:guild/channels',
      handle: ({ params, body }) => {
        const guild = findGuild(ctx, params.guild);
        validate('channel.create', body);
        const request = asRecord(body);
        const parentId = typeof request.parent_id === 'string' ? request.parent_id : null;
        const parent = parentId ? guild.channels.get(parentId) : undefined;
        if (parentId && parent?.type !== ChannelKind.category) {
          throw new DiscordError(400, 50035, 'Invalid Form Body', {
            parent_id: { _errors: [{ code: 'CHANNEL_PARENT_INVALID', message: 'Category does not exist' }] },
          });
        }
        // Manage Channels (and seeing the category) where the channel goes: in its category if it has one.
        requireBotPermission(ctx, guild, parent ?? null, Permission.ManageChannels);
        const requested = Array.isArray(request.permission_overwrites)
          ? toOverwrites(request.permission_overwrites)
          : null;
        if (requested) mayOverwrite(guild, requested);
        mayAddChannel(guild, parent);
        const channel = world.addChannel({
          guildId: guild.id,
          name: String(request.name),
          type: (request.type as number | undefined) ?? ChannelKind.text,
          parentId,
          topic: typeof request.topic === 'string' ? request.topic : null,
          // Without overwrites of its own a channel made in a category takes the category's
          // (discord-api-docs#6573); an empty list means none at all.
          overwrites: requested ?? parent?.overwrites.map((overwrite) => ({ ...overwrite })) ?? [],
        });
        announce('CREATE', channel);
        return { status: 201, body: channelJson(world, channel) };
      },
    },
  ];
  return routes.map((route) => ({
    ...route,
    handle: (request: RestRequest) => {
      archiveIdleThreads();
      return route.handle(request);
    },
  }));
}

const MAX_PER_CATEGORY = 50;
const MAX_PER_GUILD = 500;

// resources/channel.mdx: a category holds at most 50 channels (discord-api-docs#1289); a server 500
// (opcodes-and-status-codes.mdx, 30013). Threads count toward neither.
function mayAddChannel(guild: SandboxGuild, parent: SandboxChannel | undefined) {
  const channels = [...guild.channels.values()].filter((channel) => !isThreadType(channel.type));
  if (channels.length >= MAX_PER_GUILD) {
    throw new DiscordError(400, 30013, 'Maximum number of guild channels reached (500)');
  }
  if (parent && channels.filter((channel) => channel.parentId === parent.id).length >= MAX_PER_CATEGORY) {
    throw new DiscordError(400, 50035, 'Invalid Form Body', {
      parent_id: {
        _errors: [
          {
            code: 'CHANNEL_PARENT_MAX_CHANNELS',
            message: 'Maximum number of channels in category reached (50)',
          },
        ],
      },
    });
  }
}

function toOverwrites(list: unknown[]): PermissionOverwrite[] {
  return list.map((entry) => {
    const overwrite = asRecord(entry);
    return {
      id: String(overwrite.id),
      type: overwrite.type === 1 ? 1 : 0,
      allow: BigInt((overwrite.allow as string | number | undefined) ?? 0),
      deny: BigInt((overwrite.deny as string | number | undefined) ?? 0),
    };
  });
}
