import { OptionType, type SandboxCommand, type SandboxCommandOption } from './commands.js';
import type { SandboxGuild, World } from './world.js';

export interface CommandTarget {
  group?: SandboxCommandOption;
  subcommand?: SandboxCommandOption;
  /** The options that take values at this level. */
  options: SandboxCommandOption[];
}

const isSubcommand = (option: SandboxCommandOption) =>
  option.type === OptionType.subcommand || option.type === OptionType.subcommandGroup;

export function hasSubcommands(options: SandboxCommandOption[]): boolean {
  return options.some(isSubcommand);
}

/** Finds the subcommand (and group) a member picked, or explains what is missing. */
export function resolveTarget(
  command: SandboxCommand,
  groupName?: string,
  subcommandName?: string,
): CommandTarget | { error: string } {
  let options = command.options;
  let group: SandboxCommandOption | undefined;
  if (groupName !== undefined) {
    group = options.find((option) => option.type === OptionType.subcommandGroup && option.name === groupName);
    if (!group) return { error: `/${command.name} has no subcommand group "${groupName}"` };
    options = group.options ?? [];
  }
  if (!hasSubcommands(options)) {
    if (subcommandName !== undefined) {
      return { error: `/${command.name} has no subcommand "${subcommandName}"` };
    }
    return { options };
  }
  const names = options.map((option) => option.name).join(', ');
  if (subcommandName === undefined) return { error: `/${command.name} needs a subcommand: ${names}` };
  const subcommand = options.find(
    (option) => option.name === subcommandName && option.type === OptionType.subcommand,
  );
  if (!subcommand) {
    return { error: `/${command.name} has no subcommand "${subcommandName}" (choose ${names})` };
  }
  return { ...(group ? { group } : {}), subcommand, options: subcommand.options ?? [] };
}

/** The checks the Discord client makes before it lets a member send a value. */
export function checkOptionValue(
  option: SandboxCommandOption,
  value: string | number | boolean,
): string | null {
  if (
    option.choices &&
    option.choices.length > 0 &&
    !option.choices.some((choice) => choice.value === value)
  ) {
    const allowed = option.choices.map((choice) => choice.name).join(', ');
    return `${option.name} must be one of: ${allowed}`;
  }
  if (typeof value === 'number') {
    if (option.type === OptionType.integer && !Number.isInteger(value)) {
      return `${option.name} must be a whole number`;
    }
    if (option.min_value !== undefined && value < option.min_value) {
      return `${option.name} must be at least ${option.min_value}`;
    }
    if (option.max_value !== undefined && value > option.max_value) {
      return `${option.name} must be at most ${option.max_value}`;
    }
  }
  if (typeof value === 'string' && option.type === OptionType.string) {
    if (option.min_length !== undefined && value.length < option.min_length) {
      return `${option.name} must be at least ${option.min_length} characters`;
    }
    if (option.max_length !== undefined && value.length > option.max_length) {
      return `${option.name} must be at most ${option.max_length} characters`;
    }
  }
  return null;
}

/**
 * The channel picker lists this server's channels, and only the declared `channel_types` among them
 * (docs/interactions/application-commands.mdx, "Application Command Option Structure").
 */
export function checkChannelOffered(
  option: SandboxCommandOption,
  value: string | number | boolean,
  world: World,
  guild: SandboxGuild | null,
): string | null {
  if (option.type !== OptionType.channel) return null;
  const channel = world.channels.get(String(value));
  if (!channel || !guild || channel.guildId !== guild.id) {
    return `${option.name}: the client offers only channels of this server`;
  }
  const types = option.channel_types ?? [];
  if (types.length > 0 && !types.includes(channel.type)) {
    return `${option.name}: the client does not offer #${channel.name} (type ${channel.type}; channel_types [${types.join(', ')}])`;
  }
  return null;
}

export function usage(command: SandboxCommand): string {
  const describe = (options: SandboxCommandOption[]) =>
    options.map((option) => (option.required ? option.name : `[${option.name}]`)).join(' ');
  if (!hasSubcommands(command.options)) return `/${command.name} ${describe(command.options)}`.trim();
  return command.options
    .flatMap((option) =>
      option.type === OptionType.subcommandGroup
        ? (option.options ?? []).map(
            (sub) => `/${command.name} ${option.name} ${sub.name} ${describe(sub.options ?? [])}`,
          )
        : [`/${command.name} ${option.name} ${describe(option.options ?? [])}`],
    )
    .map((line) => line.trim())
    .join('\n');
}
