import { APPLICATION_ID, type IdGenerator } from './snowflakes.js';

export interface SandboxCommandOption {
  type: number;
  name: string;
  description?: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
  options?: SandboxCommandOption[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  channel_types?: number[];
}

/** A registered command as Discord answers it. */
export interface SandboxCommand {
  id: string;
  application_id: string;
  version: string;
  type: number;
  name: string;
  description: string;
  options: SandboxCommandOption[];
  default_member_permissions: string | null;
  dm_permission?: boolean;
  contexts?: number[] | null;
  integration_types?: number[];
  nsfw: boolean;
  guild_id?: string;
}

export const OptionType = {
  subcommand: 1,
  subcommandGroup: 2,
  string: 3,
  integer: 4,
  boolean: 5,
  user: 6,
  channel: 7,
  role: 8,
  mentionable: 9,
  number: 10,
  attachment: 11,
} as const;

type CommandBody = Partial<Omit<SandboxCommand, 'id' | 'version' | 'application_id'>> & { name: string };

export class CommandStore {
  private readonly global: SandboxCommand[] = [];
  private readonly byGuild = new Map<string, SandboxCommand[]>();

  constructor(private readonly nextId: IdGenerator) {}

  list(guildId?: string): SandboxCommand[] {
    return guildId ? (this.byGuild.get(guildId) ?? []) : this.global;
  }

  /** PUT semantics: the new list replaces the old one; a command keeps its id when its name and type stay. */
  overwrite(bodies: CommandBody[], guildId?: string): SandboxCommand[] {
    const before = this.list(guildId);
    const after = bodies.map((body) => this.build(body, before, guildId));
    this.replace(after, guildId);
    return after;
  }

  upsert(body: CommandBody, guildId?: string): SandboxCommand {
    const list = this.list(guildId);
    const command = this.build(body, list, guildId);
    this.replace([...list.filter((existing) => existing.id !== command.id), command], guildId);
    return command;
  }

  remove(commandId: string, guildId?: string): void {
    this.replace(
      this.list(guildId).filter((command) => command.id !== commandId),
      guildId,
    );
  }

  /** The chat-input command a member in this guild would run: guild commands shadow global ones. */
  find(name: string, guildId?: string): SandboxCommand | undefined {
    const isChatInput = (command: SandboxCommand) => command.name === name && command.type === 1;
    return (guildId ? this.list(guildId).find(isChatInput) : undefined) ?? this.global.find(isChatInput);
  }

  available(guildId?: string): SandboxCommand[] {
    const local = guildId ? this.list(guildId) : [];
    const shadowed = new Set(local.map((command) => `${command.type}:${command.name}`));
    return [...local, ...this.global.filter((command) => !shadowed.has(`${command.type}:${command.name}`))];
  }

  private replace(list: SandboxCommand[], guildId?: string) {
    if (guildId) this.byGuild.set(guildId, list);
    else this.global.splice(0, this.global.length, ...list);
  }

  private build(body: CommandBody, existing: SandboxCommand[], guildId?: string): SandboxCommand {
    const type = body.type ?? 1;
    const previous = existing.find((command) => command.name === body.name && command.type === type);
    return {
      id: previous?.id ?? this.nextId(),
      application_id: APPLICATION_ID,
      version: this.nextId(),
      type,
      name: body.name,
      description: body.description ?? '',
      options: body.options ?? [],
      default_member_permissions: body.default_member_permissions ?? null,
      ...(body.dm_permission !== undefined ? { dm_permission: body.dm_permission } : {}),
      contexts: body.contexts ?? null,
      integration_types: body.integration_types ?? [0],
      nsfw: body.nsfw ?? false,
      ...(guildId ? { guild_id: guildId } : {}),
    };
  }
}
