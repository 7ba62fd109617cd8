import { checkOptionValue, hasSubcommands, resolveTarget, usage } from './command-options.js';
import { OptionType, type SandboxCommand, type SandboxCommandOption } from './commands.js';

export interface ParsedOption {
  name: string;
  type: number;
  value: string | number | boolean;
}

export interface ParsedCommandLine {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options: ParsedOption[];
}

/** Turns a typed name into an id; undefined when there is no such user or channel. */
export interface NameResolver {
  user?(name: string): string | undefined;
  channel?(name: string): string | undefined;
}

/**
 * `/order pizza 2 note:"extra cheese" day:tomorrow`: positional values fill the required options, then the
 * optional ones, in declared order; `name:value` sets one by name; quotes keep spaces.
 */
export function parseCommandLine(
  line: string,
  commands: readonly SandboxCommand[],
  resolver: NameResolver = {},
): ParsedCommandLine | { error: string } {
  const tokens = tokenize(line.trim());
  if ('error' in tokens) return tokens;
  const [first, ...rest] = tokens.words;
  if (!first?.startsWith('/') || first.length < 2) return { error: 'a command starts with /, e.g. /help' };
  const name = first.slice(1).toLowerCase();
  const command = commands.find((candidate) => candidate.name === name && (candidate.type ?? 1) === 1);
  if (!command) {
    const known = commands
      .filter((candidate) => (candidate.type ?? 1) === 1)
      .map((candidate) => `/${candidate.name}`);
    return { error: `unknown command /${name} (known: ${known.join(', ') || 'none registered yet'})` };
  }

  let subcommandGroup: string | undefined;
  let subcommand: string | undefined;
  if (hasSubcommands(command.options)) {
    const groupOrSub = rest.shift()?.toLowerCase();
    const group = command.options.find(
      (option) => option.type === OptionType.subcommandGroup && option.name === groupOrSub,
    );
    if (group) {
      subcommandGroup = group.name;
      subcommand = rest.shift()?.toLowerCase();
    } else subcommand = groupOrSub;
  }
  const target = resolveTarget(command, subcommandGroup, subcommand);
  if ('error' in target) return { error: `${target.error}\nusage: ${usage(command)}` };

  const given = new Map<string, string>();
  const positional: string[] = [];
  for (const word of rest) {
    const named = /^([\p{L}\p{N}_-]+):(.*)$/su.exec(word);
    const option = named && target.options.find((candidate) => candidate.name === named[1]?.toLowerCase());
    if (named && option) given.set(option.name, named[2] ?? '');
    else positional.push(word);
  }
  const order = [
    ...target.options.filter((option) => option.required),
    ...target.options.filter((option) => !option.required),
  ];
  for (const option of order) {
    if (positional.length === 0) break;
    if (!given.has(option.name)) given.set(option.name, positional.shift() ?? '');
  }
  if (positional.length > 0) {
    return { error: `too many values: ${positional.join(' ')}\nusage: ${usage(command)}` };
  }

  const options: ParsedOption[] = [];
  for (const option of target.options) {
    const text = given.get(option.name);
    if (text === undefined) {
      if (option.required) return { error: `missing ${option.name}\nusage: ${usage(command)}` };
      continue;
    }
    const value = convert(option, text, resolver);
    if (typeof value === 'object') return value;
    const problem = checkOptionValue(option, value);
    if (problem) return { error: problem };
    options.push({ name: option.name, type: option.type, value });
  }
  return {
    name: command.name,
    ...(subcommandGroup ? { subcommandGroup } : {}),
    ...(subcommand ? { subcommand } : {}),
    options,
  };
}

function convert(
  option: SandboxCommandOption,
  text: string,
  resolver: NameResolver,
): string | number | boolean | { error: string } {
  const choice = option.choices?.find(
    (candidate) =>
      candidate.name.toLowerCase() === text.toLowerCase() ||
      String(candidate.value).toLowerCase() === text.toLowerCase(),
  );
  if (choice) return choice.value;
  switch (option.type) {
    case OptionType.integer:
      return /^[-+]?\d+$/.test(text)
        ? Number(text)
        : { error: `${option.name} must be a whole number, not "${text}"` };
    case OptionType.number: {
      const value = Number(text);
      return text.trim() !== '' && Number.isFinite(value)
        ? value
        : { error: `${option.name} must be a number, not "${text}"` };
    }
    case OptionType.boolean: {
      const lower = text.toLowerCase();
      if (['true', 'yes', 'on', 'y'].includes(lower)) return true;
      if (['false', 'no', 'off', 'n'].includes(lower)) return false;
      return { error: `${option.name} must be true or false, not "${text}"` };
    }
    case OptionType.user:
    case OptionType.mentionable: {
      const name = text.replace(/^@/, '');
      return (
        resolver.user?.(name) ??
        (/^\d{17,20}$/.test(name) || !resolver.user ? name : { error: `no member called @${name}` })
      );
    }
    case OptionType.channel: {
      const name = text.replace(/^#/, '');
      return (
        resolver.channel?.(name) ??
        (/^\d{17,20}$/.test(name) || !resolver.channel ? name : { error: `no channel called #${name}` })
      );
    }
    case OptionType.attachment:
      return { error: `${option.name} is a file upload, which the sandbox cannot send` };
    default:
      return text;
  }
}

function tokenize(line: string): { words: string[] } | { error: string } {
  const words: string[] = [];
  let current = '';
  let quote: string | null = null;
  let inWord = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index] ?? '';
    if (quote) {
      if (char === '\\' && index + 1 < line.length) current += line[++index] ?? '';
      else if (char === quote) quote = null;
      else current += char;
    } else if (
      (char === '"' || char === '\u201c' || char === "'") &&
      (current === '' || current.endsWith(':'))
    ) {
      quote = char === '\u201c' ? '\u201d' : char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote) return { error: `unclosed ${quote} quote` };
  if (inWord) words.push(current);
  return { words };
}
