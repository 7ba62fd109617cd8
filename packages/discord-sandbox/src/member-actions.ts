import { parseCommandLine } from './command-line.js';
import { checkChannelOffered, checkOptionValue, resolveTarget } from './command-options.js';
import type { SandboxCommand } from './commands.js';
import type { SandboxContext } from './context.js';
import {
  commandData,
  componentData,
  interactionBase,
  type InteractionPlace,
  type OptionInput,
  type ResolvedOption,
  toOptionValue,
} from './interaction-payloads.js';
import { InteractionHandle, InteractionType, PendingInteraction } from './interactions.js';
import { messageJson, voiceStateJson } from './payloads.js';
import { channelPermissions, guildPermissions, hasPermission, Permission } from './permissions.js';
import { randomToken } from './snowflakes.js';
import {
  ChannelKind,
  type SandboxChannel,
  type SandboxComponent,
  type SandboxGuild,
  type SandboxMessage,
  type SandboxUser,
} from './world.js';

/** A user, guild or channel object from the sandbox, or its id or name. */
export type UserRef = SandboxUser | string;
export type GuildRef = SandboxGuild | string;
export type ChannelRef = SandboxChannel | string;

/** Option values by name; the list form may also give a `type`, which only a modified client can send. */
export type CommandOptions =
  Record<string, OptionInput> | { name: string; value: OptionInput; type?: number }[];

export interface RunCommandInput {
  /** Omit to run the command in the member's DM with the bot. */
  guild?: GuildRef;
  /** Defaults to the guild's first text channel. */
  channel?: ChannelRef;
  user: UserRef;
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: CommandOptions;
  /** Act as if an admin had granted this member the command despite default_member_permissions. */
  ignoreDefaultPermissions?: boolean;
  /**
   * Send what a modified client could: none of the Discord client's checks (where the command is
   * offered by its `contexts`, required options, choices, min/max values and lengths, channel types),
   * and an option may carry a `type` other than the declared one.
   */
  modifiedClient?: boolean;
}

export type CommandPlace = Omit<RunCommandInput, 'name' | 'options' | 'subcommand' | 'subcommandGroup'>;

export interface AutocompleteInput extends RunCommandInput {
  /** The option being typed and what has been typed so far. */
  focused: { name: string; value: string };
}

export interface ClickInput {
  message: SandboxMessage | string;
  /** Pick the button by custom_id, or by its label. */
  customId?: string;
  label?: string;
  user: UserRef;
}

export interface SelectInput {
  message: SandboxMessage | string;
  customId: string;
  values: string[];
  user: UserRef;
}

/** What members do in the Discord client, turned into gateway events; the checks are the client's own. */
export class MemberActions {
  constructor(
    private readonly ctx: SandboxContext,
    private readonly replyTimeoutMs: number,
  ) {}

  runCommand(input: RunCommandInput): InteractionHandle {
    return this.commandInteraction(input, InteractionType.command);
  }

  runCommandLine(line: string, place: CommandPlace): InteractionHandle {
    const guild = place.guild ? this.ctx.world.resolveGuild(place.guild) : null;
    const parsed = parseCommandLine(line, this.ctx.commands.available(guild?.id), {
      user: (name) => this.ctx.world.userByName(name)?.id,
      channel: (name) =>
        guild ? [...guild.channels.values()].find((channel) => channel.name === name)?.id : undefined,
    });
    if ('error' in parsed) throw new Error(parsed.error);
    return this.runCommand({ ...place, ...parsed });
  }

  autocomplete(input: AutocompleteInput): InteractionHandle {
    return this.commandInteraction(input, InteractionType.autocomplete, input.focused);
  }

  clickButton(input: ClickInput): InteractionHandle {
    const message = this.findMessage(input.message);
    const wanted = input.customId ?? `"${input.label ?? ''}"`;
    const button = findComponent(
      message,
      (component) =>
        component.type === 2 &&
        (input.customId !== undefined
          ? component.custom_id === input.customId
          : component.label?.toLowerCase() === input.label?.toLowerCase()),
    );
    if (!button) {
      throw new Error(`no button ${wanted} on message ${message.id} (buttons: ${listButtons(message)})`);
    }
    if (button.disabled) throw new Error(`button ${wanted} is disabled`);
    if (!button.custom_id) throw new Error(`button ${wanted} is a link, not an interaction`);
    const label = `button ${button.label ? `"${button.label}"` : button.custom_id}`;
    return this.componentInteraction(message, input.user, componentData(button.custom_id, 2), label);
  }

  selectMenu(input: SelectInput): InteractionHandle {
    const message = this.findMessage(input.message);
    const menu = findComponent(
      message,
      (component) => component.type === 3 && component.custom_id === input.customId,
    );
    if (!menu) throw new Error(`no select menu ${input.customId} on message ${message.id}`);
    const data = componentData(input.customId, 3, input.values);
    return this.componentInteraction(message, input.user, data, `menu ${input.customId}`);
  }

  joinVoice(userRef: UserRef, guildRef: GuildRef, channelRef: ChannelRef): void {
    const { world, gateway } = this.ctx;
    const guild = world.resolveGuild(guildRef);
    const channel = typeof channelRef === 'string' ? guild.channel(channelRef) : channelRef;
    if (channel.type !== ChannelKind.voice) throw new Error(`#${channel.name} is not a voice channel`);
    const user = world.resolveUser(userRef);
    const state = { userId: user.id, channelId: channel.id, sessionId: randomToken(16) };
    guild.voiceStates.set(user.id, state);
    gateway.dispatch('VOICE_STATE_UPDATE', voiceStateJson(world, guild, state), guild.id);
  }

  leaveVoice(userRef: UserRef, guildRef: GuildRef): void {
    const { world, gateway } = this.ctx;
    const guild = world.resolveGuild(guildRef);
    const user = world.resolveUser(userRef);
    const state = guild.voiceStates.get(user.id);
    if (!state) return;
    guild.voiceStates.delete(user.id);
    gateway.dispatch(
      'VOICE_STATE_UPDATE',
      voiceStateJson(world, guild, { ...state, channelId: null }),
      guild.id,
    );
  }

  private commandInteraction(
    input: RunCommandInput,
    type: number,
    focused?: { name: string; value: string },
  ): InteractionHandle {
    const place = this.place(input.user, input.guild, input.channel);
    const guildId = place.guild?.id;
    const command = this.ctx.commands.find(input.name, guildId);
    if (!command) {
      const known = this.ctx.commands.available(guildId).map((registered) => `/${registered.name}`);
      throw new Error(`/${input.name} is not registered (registered: ${known.join(', ') || 'none yet'})`);
    }
    const client = !input.modifiedClient;
    if (client) checkCommandOffered(place, command);
    if (!input.ignoreDefaultPermissions) checkCommandPermission(place, command);
    const target = resolveTarget(command, input.subcommandGroup, input.subcommand);
    if ('error' in target) throw new Error(target.error);

    const values: ResolvedOption[] = [];
    for (const { name, value, type } of entries(input.options)) {
      if (focused && name === focused.name) continue;
      const found = target.options.find((option) => option.name === name);
      if (!found) throw new Error(`/${command.name} has no option "${name}"`);
      const declared = type === undefined || type === found.type ? found : { ...found, type };
      if (declared !== found && client) {
        throw new Error(`option ${name}: only a modified client sends a type of its own (modifiedClient)`);
      }
      const converted = toOptionValue(this.ctx.world, place.guild, declared, value);
      if (typeof converted === 'object') throw new Error(converted.error);
      const problem = client
        ? (checkOptionValue(declared, converted) ??
          checkChannelOffered(declared, converted, this.ctx.world, place.guild))
        : null;
      if (problem) throw new Error(problem);
      values.push({ name, type: declared.type, value: converted });
    }
    if (focused) {
      const declared = target.options.find((option) => option.name === focused.name);
      if (!declared?.autocomplete) {
        throw new Error(`option ${focused.name} of /${command.name} has no autocomplete`);
      }
      values.push({ name: focused.name, type: declared.type, value: focused.value, focused: true });
    } else if (client) {
      const missing = target.options.filter(
        (option) => option.required && !values.some((value) => value.name === option.name),
      );
      if (missing.length > 0) {
        throw new Error(`/${command.name} needs ${missing.map((option) => option.name).join(', ')}`);
      }
    }

    const label = ['/' + command.name, input.subcommandGroup, input.subcommand].filter(Boolean).join(' ');
    const data = commandData(place, command, values, input.subcommandGroup, input.subcommand);
    return this.dispatchInteraction(place, type, data, label, command.name, null);
  }

  private componentInteraction(
    message: SandboxMessage,
    userRef: UserRef,
    data: object,
    label: string,
  ): InteractionHandle {
    const channel = this.ctx.world.channels.get(message.channelId);
    if (!channel) throw new Error(`message ${message.id} is in a channel that no longer exists`);
    const user = this.ctx.world.resolveUser(userRef);
    // A DM is seen by its recipient alone: nobody else has a button to press.
    if (channel.type === ChannelKind.dm && channel.recipientId !== user.id) {
      throw new Error(`${user.username} cannot see message ${message.id}: it is in another user's DM`);
    }
    const place = this.place(userRef, channel.guildId ?? undefined, channel);
    const commandName = message.interaction?.name ?? '';
    return this.dispatchInteraction(place, InteractionType.component, data, label, commandName, message);
  }

  private dispatchInteraction(
    place: InteractionPlace,
    type: number,
    data: object,
    label: string,
    commandName: string,
    message: SandboxMessage | null,
  ): InteractionHandle {
    const { world, gateway, interactions, nextId, now } = this.ctx;
    const guildId = place.guild?.id ?? null;
    if (gateway.sessionsFor(guildId).length === 0) {
      throw new Error(
        `cannot run ${label}: no bot session is connected for this ${guildId ? 'guild' : 'DM'}`,
      );
    }
    const id = nextId();
    const token = `aW50ZXJhY3Rpb246${randomToken()}`;
    const pending = new PendingInteraction(
      id,
      token,
      type,
      label,
      now(),
      place.user.id,
      place.channel.id,
      guildId,
      commandName,
      message,
    );
    interactions.add(pending);
    const payload = {
      ...interactionBase(place, id, token, type),
      data,
      ...(message ? { message: messageJson(world, message) } : {}),
    };
    gateway.dispatch('INTERACTION_CREATE', payload, guildId);
    return new InteractionHandle(pending, this.replyTimeoutMs);
  }

  private place(userRef: UserRef, guildRef?: GuildRef, channelRef?: ChannelRef): InteractionPlace {
    const { world } = this.ctx;
    const user = world.resolveUser(userRef);
    if (guildRef === undefined) return { world, guild: null, channel: world.dmChannel(user), user };
    const guild = world.resolveGuild(guildRef);
    if (!guild.members.has(user.id)) throw new Error(`${user.username} is not a member of ${guild.name}`);
    const channel =
      typeof channelRef === 'string'
        ? guild.channel(channelRef)
        : (channelRef ??
          [...guild.channels.values()].find((candidate) => candidate.type === ChannelKind.text));
    if (!channel) throw new Error(`guild ${guild.name} has no text channel to run commands in`);
    return { world, guild, channel, user };
  }

  private findMessage(ref: SandboxMessage | string): SandboxMessage {
    const message = typeof ref === 'string' ? this.ctx.messages.get(ref) : ref;
    if (!message || message.deleted) {
      throw new Error(`message ${typeof ref === 'string' ? ref : ref.id} does not exist (any more)`);
    }
    return message;
  }
}

/**
 * The client offers a command only where its `contexts` allow (0 a server, 1 the bot's DM); without
 * `contexts`, everywhere but where the deprecated `dm_permission: false` rules out DMs
 * (docs/interactions/application-commands.mdx, "Interaction Contexts").
 */
function checkCommandOffered(place: InteractionPlace, command: SandboxCommand) {
  const contexts = command.contexts ?? (command.dm_permission === false ? [0, 2] : [0, 1, 2]);
  const context = place.guild ? 0 : 1;
  if (!contexts.includes(context)) {
    throw new Error(
      `the Discord client does not offer /${command.name} in ${place.guild ? 'a server' : 'DMs'} (contexts [${contexts.join(', ')}]); a modified client could send it (modifiedClient)`,
    );
  }
}

// Discord hides a command from members lacking its default_member_permissions (admins always see it).
function checkCommandPermission(place: InteractionPlace, command: SandboxCommand) {
  if (command.default_member_permissions === null || !place.guild) return;
  const needed = BigInt(command.default_member_permissions);
  const has = channelPermissions(place.guild, place.user.id, place.channel);
  const isAdmin = hasPermission(guildPermissions(place.guild, place.user.id), Permission.Administrator);
  if (!isAdmin && (needed === 0n || !hasPermission(has, needed))) {
    throw new Error(
      `${place.user.username} cannot use /${command.name}: it needs permissions ${needed} (default_member_permissions)`,
    );
  }
}

function entries(options: CommandOptions | undefined): { name: string; value: OptionInput; type?: number }[] {
  if (!options) return [];
  return Array.isArray(options) ? options : Object.entries(options).map(([name, value]) => ({ name, value }));
}

function findComponent(
  message: SandboxMessage,
  test: (component: SandboxComponent) => boolean,
): SandboxComponent | undefined {
  const queue = [...message.components];
  for (let component = queue.shift(); component; component = queue.shift()) {
    if (test(component)) return component;
    queue.push(...(component.components ?? []));
  }
  return undefined;
}

function listButtons(message: SandboxMessage): string {
  const labels: string[] = [];
  findComponent(message, (component) => {
    if (component.type === 2) labels.push(component.label ?? component.custom_id ?? '?');
    return false;
  });
  return labels.join(', ') || 'none';
}
