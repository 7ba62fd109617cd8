import * as z from 'zod/mini';
import {
  ApplicationCommandAutocompleteCallbackRequestSchema,
  ApplicationCommandCreateRequestSchema,
  ChannelPermissionOverwriteRequestSchema,
  CreateGuildChannelRequestSchema,
  CreateMessageInteractionCallbackRequestSchema,
  CreatePrivateChannelRequestSchema,
  CreateTextThreadWithMessageRequestSchema,
  CreateTextThreadWithoutMessageRequestSchema,
  IncomingWebhookRequestPartialSchema,
  IncomingWebhookUpdateRequestPartialSchema,
  MessageCreateRequestSchema,
  MessageEditRequestPartialSchema,
  ModalInteractionCallbackRequestSchema,
  PongInteractionCallbackRequestSchema,
  UpdateGuildChannelRequestPartialSchema,
  UpdateMessageInteractionCallbackRequestSchema,
  UpdateThreadRequestPartialSchema,
} from 'discord-api-spec/zod';

// Discord's docs say permissions are strings ("a bitwise value as a string"), and discord.js sends strings,
// but the OpenAPI description types these fields as numbers. Accept both, nothing else is relaxed.
const permissionBits = z.nullish(
  z.union([z.string().check(z.regex(/^\d+$/)), z.number().check(z.minimum(0))]),
);
const PermissionOverwrite = z.extend(ChannelPermissionOverwriteRequestSchema, {
  allow: permissionBits,
  deny: permissionBits,
});
const overwrites = { permission_overwrites: z.nullish(z.array(PermissionOverwrite).check(z.maxLength(100))) };
const CommandCreate = z.extend(ApplicationCommandCreateRequestSchema, {
  default_member_permissions: permissionBits,
});
const GuildChannelCreate = z.extend(CreateGuildChannelRequestSchema, overwrites);
const GuildChannelUpdate = z.extend(UpdateGuildChannelRequestPartialSchema, overwrites);

export type BodyKind =
  | 'message.create'
  | 'message.edit'
  | 'webhook.execute'
  | 'webhook.edit'
  | 'interaction.callback'
  | 'commands.bulk'
  | 'command.create'
  | 'channel.create'
  | 'channel.edit'
  | 'thread.edit'
  | 'thread.create'
  | 'thread.fromMessage'
  | 'dm.create';

const schemas: Record<Exclude<BodyKind, 'interaction.callback' | 'commands.bulk'>, z.ZodMiniType> = {
  'message.create': MessageCreateRequestSchema,
  'message.edit': MessageEditRequestPartialSchema,
  'webhook.execute': IncomingWebhookRequestPartialSchema,
  'webhook.edit': IncomingWebhookUpdateRequestPartialSchema,
  'command.create': CommandCreate,
  'channel.create': GuildChannelCreate,
  'channel.edit': GuildChannelUpdate,
  'thread.edit': UpdateThreadRequestPartialSchema,
  'thread.create': CreateTextThreadWithoutMessageRequestSchema,
  'thread.fromMessage': CreateTextThreadWithMessageRequestSchema,
  'dm.create': CreatePrivateChannelRequestSchema,
};

const callbackSchemas: Record<number, z.ZodMiniType> = {
  1: PongInteractionCallbackRequestSchema,
  4: CreateMessageInteractionCallbackRequestSchema,
  5: CreateMessageInteractionCallbackRequestSchema,
  6: UpdateMessageInteractionCallbackRequestSchema,
  7: UpdateMessageInteractionCallbackRequestSchema,
  8: ApplicationCommandAutocompleteCallbackRequestSchema,
  9: ModalInteractionCallbackRequestSchema,
};

export interface FieldError {
  code: string;
  message: string;
}

type Path = (string | number)[];

/** Discord's 400 answers: 50035 with per-field errors, or a plain code such as 50006. */
export interface BodyProblem {
  code: number;
  message: string;
  errors?: Record<string, unknown>;
}

export function checkBody(kind: BodyKind, body: unknown): BodyProblem | null {
  const found = new Problems();
  if (kind === 'interaction.callback') checkCallback(body, found);
  else if (kind === 'commands.bulk') checkCommandList(body, found);
  else {
    found.fromSchema(schemas[kind], body, []);
    if (kind === 'command.create') checkCommand(body, [], found);
    if (kind.startsWith('message.') || kind.startsWith('webhook.')) checkMessage(body, [], found);
    if (kind === 'message.create') checkPostFlags(body, found);
  }
  if (found.list.length > 0) return found.asProblem();
  if ((kind === 'message.create' || kind === 'webhook.execute') && isEmptyMessage(body)) {
    return { code: 50006, message: 'Cannot send an empty message' };
  }
  if (kind === 'interaction.callback' && hasType(body, 4) && isEmptyMessage(asRecord(body).data)) {
    return { code: 50006, message: 'Cannot send an empty message' };
  }
  return null;
}

class Problems {
  readonly list: { path: Path; error: FieldError }[] = [];

  add(path: Path, code: string, message: string) {
    const key = JSON.stringify([path, code]);
    if (this.list.some((entry) => JSON.stringify([entry.path, entry.error.code]) === key)) return;
    this.list.push({ path, error: { code, message } });
  }

  fromSchema(schema: z.ZodMiniType, body: unknown, prefix: Path) {
    const result = z.safeParse(schema, body);
    if (!result.success) for (const issue of result.error.issues) this.fromIssue(issue, prefix);
  }

  private fromIssue(issue: z.core.$ZodIssue, prefix: Path) {
    const path = [
      ...prefix,
      ...issue.path.map((part: PropertyKey) => (typeof part === 'symbol' ? String(part) : part)),
    ];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      for (const inner of closestBranch(issue.errors)) this.fromIssue(inner, path);
      return;
    }
    this.add(path, ...describe(issue));
  }

  asProblem(): BodyProblem {
    const errors: Record<string, unknown> = {};
    for (const { path, error } of this.list) {
      let node = errors;
      for (const part of path) {
        const key = String(part);
        node[key] ??= {};
        node = node[key] as Record<string, unknown>;
      }
      const leaf = (node._errors ??= []) as FieldError[];
      leaf.push(error);
    }
    return { code: 50035, message: 'Invalid Form Body', errors };
  }
}

// A union fails in every branch; report the branch the body was evidently meant for
// (the value had the right shape and its `type` matched).
function closestBranch(branches: z.core.$ZodIssue[][]): z.core.$ZodIssue[] {
  const wrongBranch = (issues: z.core.$ZodIssue[]) =>
    issues.some(
      (issue) =>
        (issue.path.length === 0 && issue.code === 'invalid_type') ||
        (issue.path.length === 1 && issue.path[0] === 'type' && issue.code === 'invalid_value'),
    );
  const candidates = branches.filter((issues) => !wrongBranch(issues));
  const pool = candidates.length > 0 ? candidates : branches;
  return pool.reduce((best, issues) => (issues.length < best.length ? issues : best));
}

function describe(issue: z.core.$ZodIssue): [string, string] {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? ['BASE_TYPE_MAX_LENGTH', `Must be ${issue.maximum} or fewer in length.`]
        : ['NUMBER_TYPE_MAX', `int value should be less than or equal to ${issue.maximum}.`];
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? ['BASE_TYPE_MIN_LENGTH', `Must be ${issue.minimum} or more in length.`]
        : ['NUMBER_TYPE_MIN', `int value should be greater than or equal to ${issue.minimum}.`];
    case 'invalid_type':
      return issue.input === undefined
        ? ['BASE_TYPE_REQUIRED', 'This field is required']
        : ['BASE_TYPE_BAD_TYPE', `Expected ${issue.expected}.`];
    case 'invalid_value':
      return ['BASE_TYPE_CHOICES', `Value must be one of ${JSON.stringify(issue.values)}.`];
    case 'invalid_format':
      return issue.format === 'url'
        ? ['URL_TYPE_INVALID_URL', 'Not a well formed URL.']
        : ['BASE_TYPE_BAD_FORMAT', `Expected ${issue.format}.`];
    default:
      return ['BASE_TYPE_INVALID', issue.message];
  }
}

function checkCallback(body: unknown, found: Problems) {
  const type = asRecord(body).type;
  const schema = typeof type === 'number' ? callbackSchemas[type] : undefined;
  if (!schema) {
    found.add(
      ['type'],
      'BASE_TYPE_CHOICES',
      `Value must be one of ${JSON.stringify(Object.keys(callbackSchemas))}.`,
    );
    return;
  }
  found.fromSchema(schema, body, []);
  const data = asRecord(body).data;
  if (type === 4 || type === 7) checkMessage(data, ['data'], found);
}

// What the OpenAPI description cannot say about messages (limits from Discord's message reference).
function checkMessage(body: unknown, prefix: Path, found: Problems) {
  const message = asRecord(body);
  if (typeof message.content === 'string' && message.content.length > 2000) {
    found.add([...prefix, 'content'], 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
  }
  if (Array.isArray(message.embeds)) {
    const total = message.embeds.reduce((sum: number, embed) => sum + embedLength(embed), 0);
    if (total > 6000) {
      found.add([...prefix, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
    }
  }
  if (Array.isArray(message.components)) checkComponents(message, prefix, found);
  checkAllowedMentions(message.allowed_mentions, [...prefix, 'allowed_mentions'], found);
}

// resources/message.mdx, allowed mentions: parse "users" (or "roles") and a users (roles) list
// "are mutually exclusive"; sending both is a validation error.
function checkAllowedMentions(value: unknown, path: Path, found: Problems) {
  const allowed = asRecord(value);
  const parse = Array.isArray(allowed.parse) ? allowed.parse : [];
  for (const kind of ['users', 'roles'] as const) {
    if (parse.includes(kind) && Array.isArray(allowed[kind])) {
      found.add(
        [...path, kind],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${kind}"] and ${kind} are mutually exclusive.`,
      );
    }
  }
}

// resources/message.mdx, Create Message: a bot may set only these flags on a channel post.
const POST_FLAGS = 4 | 4096 | 8192 | (1 << 15);

function checkPostFlags(body: unknown, found: Problems) {
  const flags = asRecord(body).flags;
  if (typeof flags === 'number' && (flags & ~POST_FLAGS) !== 0) {
    found.add(
      ['flags'],
      'MESSAGE_FLAGS_INVALID',
      'Only SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE and IS_COMPONENTS_V2 can be set.',
    );
  }
}

function embedLength(embed: unknown): number {
  const e = asRecord(embed);
  const text = (value: unknown) => (typeof value === 'string' ? value.length : 0);
  const fields = Array.isArray(e.fields) ? e.fields : [];
  return (
    text(e.title) +
    text(e.description) +
    text(asRecord(e.footer).text) +
    text(asRecord(e.author).name) +
    fields.reduce((sum: number, field) => sum + text(asRecord(field).name) + text(asRecord(field).value), 0)
  );
}

const COMPONENTS_V2 = 1 << 15;

function checkComponents(message: Record<string, unknown>, prefix: Path, found: Problems) {
  const components = message.components as unknown[];
  const isV2 = typeof message.flags === 'number' && (message.flags & COMPONENTS_V2) !== 0;
  if (!isV2) {
    if (components.length > 5) {
      found.add([...prefix, 'components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
    }
    components.forEach((row, index) => {
      if (asRecord(row).type !== 1) {
        found.add(
          [...prefix, 'components', index, 'type'],
          'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
          'Only action rows can be at the top level without the IS_COMPONENTS_V2 flag.',
        );
      }
    });
  }
  const seen = new Set<string>();
  const visit = (component: unknown, path: Path) => {
    const c = asRecord(component);
    if (c.type === 2) {
      const isLink = c.style === 5;
      if (isLink && typeof c.url !== 'string') {
        found.add([...path, 'url'], 'BASE_TYPE_REQUIRED', 'A link button needs a url.');
      }
      if (!isLink && c.style !== 6 && typeof c.custom_id !== 'string') {
        found.add([...path, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
      }
    }
    if (typeof c.custom_id === 'string') {
      if (seen.has(c.custom_id)) {
        found.add(
          [...path, 'custom_id'],
          'COMPONENT_CUSTOM_ID_DUPLICATED',
          'Component custom id cannot be duplicated',
        );
      }
      seen.add(c.custom_id);
    }
    if (Array.isArray(c.components)) {
      c.components.forEach((child, index) => visit(child, [...path, 'components', index]));
    }
  };
  components.forEach((component, index) => visit(component, [...prefix, 'components', index]));
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkCommandList(body: unknown, found: Problems) {
  if (!Array.isArray(body)) {
    found.add([], 'BASE_TYPE_BAD_TYPE', 'Expected an array of commands.');
    return;
  }
  const limits: Record<number, number> = { 1: 100, 2: 15, 3: 15 };
  const counts = new Map<number, number>();
  const names = new Set<string>();
  body.forEach((command, index) => {
    found.fromSchema(CommandCreate, command, [index]);
    checkCommand(command, [index], found);
    const record = asRecord(command);
    const type = typeof record.type === 'number' ? record.type : 1;
    counts.set(type, (counts.get(type) ?? 0) + 1);
    const key = `${type}:${String(record.name)}`;
    if (names.has(key)) {
      found.add(
        [index, 'name'],
        'APPLICATION_COMMANDS_DUPLICATE_NAME',
        'Application command names must be unique',
      );
    }
    names.add(key);
  });
  for (const [type, count] of counts) {
    if (count > (limits[type] ?? 0)) {
      found.add([], 'BASE_TYPE_MAX_LENGTH', `Too many commands of type ${type}: ${count}.`);
    }
  }
}

// Naming and ordering rules from Discord's application command reference.
function checkCommand(body: unknown, prefix: Path, found: Problems) {
  const command = asRecord(body);
  const isChatInput = command.type === undefined || command.type === null || command.type === 1;
  if (isChatInput && typeof command.name === 'string') checkName(command.name, [...prefix, 'name'], found);
  if (isChatInput && !command.description) {
    found.add([...prefix, 'description'], 'BASE_TYPE_REQUIRED', 'This field is required');
  }
  if (Array.isArray(command.options)) checkOptions(command.options, [...prefix, 'options'], found);
  if (characterCount(body) > 8000) {
    found.add(prefix, 'APPLICATION_COMMAND_TOO_LARGE', 'Command exceeds maximum size (8000)');
  }
}

function checkName(name: string, path: Path, found: Problems) {
  if (!COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
    found.add(path, 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid: ${JSON.stringify(name)}`);
  }
}

function checkOptions(options: unknown[], path: Path, found: Problems) {
  let optionalSeen = false;
  const names = new Set<string>();
  options.forEach((option, index) => {
    const o = asRecord(option);
    const here = [...path, index];
    if (typeof o.name === 'string') {
      checkName(o.name, [...here, 'name'], found);
      if (names.has(o.name)) {
        found.add(
          [...here, 'name'],
          'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
          'Option names must be unique',
        );
      }
      names.add(o.name);
    }
    const isGroup = o.type === 1 || o.type === 2;
    if (!isGroup && o.required === true && optionalSeen) {
      found.add(
        [...here, 'required'],
        'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        'Required options must be placed before non-required options',
      );
    }
    if (!isGroup && o.required !== true) optionalSeen = true;
    if (o.autocomplete === true && Array.isArray(o.choices) && o.choices.length > 0) {
      found.add(
        [...here, 'autocomplete'],
        'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID',
        'Autocomplete cannot be set with choices',
      );
    }
    if (Array.isArray(o.options)) checkOptions(o.options, [...here, 'options'], found);
  });
}

// Discord counts names, descriptions and choice values toward the 8,000-character command limit.
function characterCount(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + characterCount(item), 0);
  const record = asRecord(value);
  let count = 0;
  for (const key of ['name', 'description', 'value']) {
    const field = record[key];
    if (typeof field === 'string') count += field.length;
  }
  for (const key of ['options', 'choices']) count += characterCount(record[key]);
  return count;
}

function isEmptyMessage(body: unknown): boolean {
  const message = asRecord(body);
  const nonEmpty = (value: unknown) => (Array.isArray(value) ? value.length > 0 : Boolean(value));
  return !['content', 'embeds', 'components', 'attachments', 'sticker_ids', 'poll'].some((key) =>
    nonEmpty(message[key]),
  );
}

function hasType(body: unknown, type: number): boolean {
  return asRecord(body).type === type;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
