import { ATTACHMENT_SIZE_LIMIT } from './attachments.js';
import { OptionType, type SandboxCommand, type SandboxCommandOption } from './commands.js';
import { channelPermissions } from './permissions.js';
import { channelJson, interactionMemberJson, roleJson, userJson } from './payloads.js';
import { APPLICATION_ID } from './snowflakes.js';
import type { SandboxChannel, SandboxGuild, SandboxRole, SandboxUser, World } from './world.js';

export type OptionValue = string | number | boolean;

/** An option value as a test gives it: a plain value, or a user, channel or role from the sandbox. */
export type OptionInput = OptionValue | SandboxUser | SandboxChannel | SandboxRole;

export interface ResolvedOption {
  name: string;
  type: number;
  value: OptionValue;
  focused?: boolean;
}

export interface InteractionPlace {
  world: World;
  guild: SandboxGuild | null;
  channel: SandboxChannel;
  user: SandboxUser;
}

/** The fields every INTERACTION_CREATE carries (discord.js needs entitlements and authorizing_integration_owners). */
export function interactionBase(place: InteractionPlace, id: string, token: string, type: number) {
  const { world, guild, channel, user } = place;
  const member = guild?.members.get(user.id);
  const botPermissions = guild ? channelPermissions(guild, world.botUser.id, channel) : 0n;
  return {
    id,
    application_id: APPLICATION_ID,
    type,
    token,
    version: 1,
    channel_id: channel.id,
    channel: {
      ...channelJson(world, channel),
      ...(guild && member ? { permissions: channelPermissions(guild, user.id, channel).toString() } : {}),
    },
    ...(guild && member
      ? {
          guild_id: guild.id,
          guild: { id: guild.id, locale: 'en-US', features: [] },
          member: interactionMemberJson(world, guild, member, channel),
          guild_locale: 'en-US',
          context: 0,
        }
      : { user: userJson(user), context: 1 }),
    app_permissions: botPermissions.toString(),
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guild?.id ?? '0' },
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
}

/** data of a chat-input or autocomplete interaction, with `resolved` for users, channels and roles. */
export function commandData(
  place: InteractionPlace,
  command: SandboxCommand,
  values: ResolvedOption[],
  subcommandGroup?: string,
  subcommand?: string,
) {
  let options: unknown[] = values;
  if (subcommand !== undefined) options = [{ type: OptionType.subcommand, name: subcommand, options }];
  if (subcommandGroup !== undefined) {
    options = [{ type: OptionType.subcommandGroup, name: subcommandGroup, options }];
  }
  const resolved = resolve(place, values);
  return {
    id: command.id,
    name: command.name,
    type: command.type,
    ...(command.guild_id ? { guild_id: command.guild_id } : {}),
    options,
    ...(resolved ? { resolved } : {}),
  };
}

export function componentData(customId: string, componentType: number, values?: string[]) {
  return { custom_id: customId, component_type: componentType, ...(values ? { values } : {}) };
}

function resolve(place: InteractionPlace, values: ResolvedOption[]) {
  const { world, guild, channel } = place;
  const users: Record<string, unknown> = {};
  const members: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const roles: Record<string, unknown> = {};
  for (const option of values) {
    if (option.focused) continue;
    const id = String(option.value);
    const user = world.users.get(id);
    const isUserOption = option.type === OptionType.user || option.type === OptionType.mentionable;
    if (isUserOption && user) {
      users[id] = userJson(user);
      const member = guild?.members.get(id);
      if (guild && member) {
        const { user: _user, ...rest } = interactionMemberJson(world, guild, member, channel);
        members[id] = rest;
      }
    }
    const role = guild?.roles.get(id);
    if ((option.type === OptionType.role || option.type === OptionType.mentionable) && role) {
      roles[id] = roleJson(role);
    }
    const target = world.channels.get(id);
    if (option.type === OptionType.channel && target) {
      const json = channelJson(world, target) as Record<string, unknown>;
      channels[id] = {
        id,
        name: target.name,
        type: target.type,
        parent_id: target.parentId,
        guild_id: target.guildId,
        ...(json.thread_metadata ? { thread_metadata: json.thread_metadata } : {}),
        permissions: guild ? channelPermissions(guild, place.user.id, target).toString() : '0',
      };
    }
  }
  const parts = { users, members, channels, roles };
  const present = Object.entries(parts).filter(([, entries]) => Object.keys(entries).length > 0);
  return present.length > 0 ? Object.fromEntries(present) : undefined;
}

/**
 * Turns what a test passed into the value Discord would send for this declared option:
 * users, channels and roles become ids, names are looked up, text becomes numbers or booleans.
 */
export function toOptionValue(
  world: World,
  guild: SandboxGuild | null,
  declared: SandboxCommandOption,
  input: OptionInput,
): OptionValue | { error: string } {
  const fail = (what: string) => ({ error: `option ${declared.name}: ${what}` });
  if (typeof input === 'object') return input.id;
  switch (declared.type) {
    case OptionType.string:
      return String(input);
    case OptionType.integer:
    case OptionType.number: {
      const value = typeof input === 'number' ? input : Number(input);
      if (typeof input === 'boolean' || !Number.isFinite(value)) {
        return fail(`"${String(input)}" is not a number`);
      }
      if (declared.type === OptionType.integer && !Number.isInteger(value)) {
        return fail(`"${String(input)}" is not a whole number`);
      }
      return value;
    }
    case OptionType.boolean: {
      if (typeof input === 'boolean') return input;
      const text = String(input).toLowerCase();
      if (['true', 'yes', 'on'].includes(text)) return true;
      if (['false', 'no', 'off'].includes(text)) return false;
      return fail(`"${text}" is not true or false`);
    }
    case OptionType.user:
    case OptionType.mentionable: {
      const text = String(input);
      const user = world.users.get(text.replace(/^<@!?|>$/g, '')) ?? world.userByName(text);
      if (user) return user.id;
      const role = declared.type === OptionType.mentionable ? findRole(guild, text) : undefined;
      return role ? role.id : fail(`no user "${text}"`);
    }
    case OptionType.channel: {
      const text = String(input)
        .replace(/^<#|>$/g, '')
        .replace(/^#/, '');
      const found =
        world.channels.get(text) ??
        [...(guild?.channels.values() ?? [])].find((channel) => channel.name === text);
      return found ? found.id : fail(`no channel "${text}"`);
    }
    case OptionType.role: {
      const role = findRole(guild, String(input));
      return role ? role.id : fail(`no role "${String(input)}"`);
    }
    default:
      return fail(`option type ${declared.type} is not supported by the sandbox`);
  }
}

function findRole(guild: SandboxGuild | null, text: string): SandboxRole | undefined {
  const wanted = text.replace(/^<@&|>$/g, '').replace(/^@/, '');
  return guild?.roles.get(wanted) ?? [...(guild?.roles.values() ?? [])].find((role) => role.name === wanted);
}
