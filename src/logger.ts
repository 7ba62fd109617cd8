import { destination, pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** How deep a logged object or an error's `cause` chain is followed; deeper is cut, not a stack overflow. */
const maxDepth = 6;

/**
 * What a URL's path keeps: Discord's ids and the tokens of webhooks and interactions are replaced, since a
 * webhook or interaction URL with its token lets anyone post as the bot for 15 minutes.
 */
export function routeOf(url: string): string {
  let path = url;
  try {
    path = new URL(url, 'http://route.invalid').pathname;
  } catch {
    // Not a URL: its text is redacted below all the same.
  }
  return redactText(path).replace(/\/\d{15,20}(?=\/|$)/g, '/:id');
}

/**
 * The backstop for any text (server and member ids stay: they are how an operator finds a failure) that reaches the log: webhook and interaction URLs lose their ids and tokens,
 * a long token-like word is replaced, and drizzle's list of bound parameters (a member's note or reminder
 * text) is cut from a query's message.
 */
export function redactText(text: string): string {
  return text
    .replace(/\nparams: [\s\S]*$/, '')
    .replace(/\/(webhooks|interactions)\/[^/\s?#"']+\/[^/\s?#"']+/g, '/$1/:id/:token')
    .replace(/[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}/g, '[token]')
    .replace(/[A-Za-z0-9_-]{60,}/g, '[token]');
}

/**
 * A Discord refusal's message: its first line, then each field's path and code only, since Discord's words
 * for a field may quote what was sent.
 */
const discordMessage = (message: string) =>
  message
    .split('\n')
    .map((line, index) => (index === 0 ? line : line.replace(/\]: [\s\S]*$/, ']')))
    .join('\n');

const isBinary = (value: unknown): value is ArrayBufferView | ArrayBuffer =>
  ArrayBuffer.isView(value) || value instanceof ArrayBuffer;

/**
 * The one shape of a logged error: its type, message (without parameters), database or Discord code,
 * HTTP status, method and route, and its causes. Never the request's body, Discord's answer body, bound
 * parameters or file bytes: those carry what members wrote and live tokens.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: redactText(String(error)) };
  const fields = error as Error & Record<string, unknown>;
  const serialized: Record<string, unknown> = {
    type:
      error.constructor?.name && error.constructor.name !== 'Object' ? error.constructor.name : error.name,
    message: redactText(typeof fields.rawError === 'object' ? discordMessage(error.message) : error.message),
  };
  if (typeof fields.code === 'string' || typeof fields.code === 'number') serialized.code = fields.code;
  if (typeof fields.status === 'number') serialized.status = fields.status;
  if (typeof fields.method === 'string') serialized.method = fields.method;
  if (typeof fields.url === 'string') serialized.route = routeOf(fields.url);
  // Only the frames: the stack's first line repeats the message, parameters and all.
  if (typeof error.stack === 'string') {
    serialized.stack = error.stack
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .map(redactText)
      .join('\n');
  }
  if (error instanceof AggregateError) {
    serialized.errors =
      depth < maxDepth
        ? error.errors.slice(0, 5).map((inner) => serializeError(inner, depth + 1))
        : '[deeper]';
  }
  if (error.cause !== undefined) {
    serialized.cause = depth < maxDepth ? serializeError(error.cause, depth + 1) : '[deeper]';
  }
  return serialized;
}

/** Every logged value, made safe: errors in their one shape wherever they sit, text redacted, bytes counted. */
function sanitize(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return serializeError(value);
  if (isBinary(value)) return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return value;
  if (depth >= maxDepth) return '[deeper]';
  if (Array.isArray(value)) return value.map((item) => sanitize(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sanitize(item, depth + 1)]));
}

/** Align's pino settings: every logger, the bot's and a test's, logs through this sanitizing. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: undefined,
    formatters: { log: (object) => sanitize(object, 0) as Record<string, unknown> },
    serializers: {
      err: (value: unknown) => (value instanceof Error ? serializeError(value) : value),
      msg: (value: unknown) => (typeof value === 'string' ? redactText(value) : value),
    },
  };
}

/** Structured JSON logs, to standard output unless another file descriptor or stream is given (the sandbox uses stderr). */
export function createLogger(level: string, to: number | DestinationStream = 1): Logger {
  return pino(loggerOptions(level), typeof to === 'number' ? destination(to) : to);
}

export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * Runs work nobody waits for (a timer's sweep, a gateway event's write): its failure is logged once, as
 * `failed` with `facts`, and the promise returned never rejects, so no background failure goes unseen or
 * takes the process down as an unhandled rejection.
 */
export function runInBackground(
  logger: Logger,
  failed: string,
  work: () => Promise<unknown>,
  { level = 'error', ...facts }: { level?: 'warn' | 'error'; [fact: string]: unknown } = {},
): Promise<void> {
  return Promise.resolve()
    .then(work)
    .then(
      () => undefined,
      (error: unknown) => {
        logger[level]({ err: error, ...facts }, failed);
      },
    );
}
