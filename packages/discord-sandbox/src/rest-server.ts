import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { UploadedFile } from './attachments.js';
import {
  type BucketState,
  RateLimited,
  type RateLimits,
  rateLimitHeaders,
  tooManyRequests,
} from './rate-limits.js';
import { checkBody, type BodyKind, type BodyProblem, type FieldError } from './validation.js';

export interface RestRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The file parts of a multipart request; its payload_json is `body`. */
  files: UploadedFile[];
  headers: IncomingHttpHeaders;
}

export interface RestReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** Template such as /channels/:channel/messages. */
  path: string;
  /** Interaction callbacks and webhooks carry no bot token and are outside the global limit. */
  bot?: boolean;
  handle(request: RestRequest): RestReply | Promise<RestReply>;
}

/** A Discord error answer: `{ code, message }` with an HTTP status. */
export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A body Discord would refuse with 400. */
export class InvalidBody extends DiscordError {
  constructor(problem: BodyProblem) {
    super(400, problem.code, problem.message, problem.errors);
  }
}

export function validate(kind: BodyKind, body: unknown): void {
  const problem = checkBody(kind, body);
  if (problem) throw new InvalidBody(problem);
}

export interface LoggedRequest {
  at: number;
  method: string;
  /** The route template, e.g. "POST /channels/:channel/messages". */
  route: string;
  path: string;
  body: unknown;
  status: number;
  /** Discord's error code for 4xx answers. */
  code?: number;
}

export interface RejectedRequest extends LoggedRequest {
  message: string;
  errors?: Record<string, unknown>;
}

export interface RestStats {
  total: number;
  rateLimited: number;
  byRoute: Record<string, number>;
  rateLimitedByRoute: Record<string, number>;
}

const LOG_LIMIT = 20_000;

/** The 401, 403 and 429 answers of the last 10 minutes, as Cloudflare counts them (shared-scope 429s aside). */
export interface InvalidRequests {
  total: number;
  byStatus: { 401: number; 403: number; 429: number };
}

const INVALID_WINDOW_MS = 10 * 60_000;

/**
 * Discord: "IP addresses that make too many invalid HTTP requests are automatically and temporarily
 * restricted": 10,000 answers of 401, 403 or 429 per 10 minutes, a 429 with `X-RateLimit-Scope: shared`
 * excepted (docs/topics/rate-limits.mdx, "Invalid Request Limit"). Counted over a rolling window.
 */
export class InvalidRequestCounter {
  private readonly answers: { at: number; status: 401 | 403 | 429 }[] = [];

  constructor(private readonly now: () => number) {}

  record(status: 401 | 403 | 429, scope: string | null, at: number): void {
    if (status === 429 && scope === 'shared') return;
    this.answers.push({ at, status });
    this.forgetOld(at);
  }

  /**
   * While the window holds `limit` answers or more, how long until it holds fewer (ms); 0 otherwise.
   * The ban lasts as long as that here: Discord does not say how long it lasts.
   */
  bannedForMs(limit: number): number {
    const now = this.now();
    this.forgetOld(now);
    if (this.answers.length < limit) return 0;
    const leaving = this.answers[this.answers.length - limit]!;
    return leaving.at + INVALID_WINDOW_MS - now;
  }

  current(): InvalidRequests {
    this.forgetOld(this.now());
    const byStatus = { 401: 0, 403: 0, 429: 0 };
    for (const answer of this.answers) byStatus[answer.status] += 1;
    return { total: this.answers.length, byStatus };
  }

  private forgetOld(now: number) {
    let old = 0;
    while (old < this.answers.length && now - this.answers[old]!.at >= INVALID_WINDOW_MS) old += 1;
    if (old > 0) this.answers.splice(0, old);
  }
}

/** Discord's REST answers take tens to hundreds of milliseconds; `{ meanMs: 150, jitterMs: 50 }` waits 100–200 ms. */
export interface RestLatency {
  meanMs: number;
  jitterMs?: number;
}

/** Reads "150", "150±50" or "150+-50" (milliseconds), as a test run's environment gives it. */
export function parseRestLatency(text: string | undefined): RestLatency | undefined {
  const match = text?.trim().match(/^(\d+)\s*(?:(?:±|\+-|\+\/-)\s*(\d+))?$/);
  if (!match) return undefined;
  const meanMs = Number(match[1]);
  if (meanMs === 0) return undefined;
  return { meanMs, jitterMs: Number(match[2] ?? 0) };
}

export class RestServer {
  readonly requests: LoggedRequest[] = [];
  readonly rejected: RejectedRequest[] = [];
  readonly unimplemented: { method: string; path: string }[] = [];
  readonly stats: RestStats = { total: 0, rateLimited: 0, byRoute: {}, rateLimitedByRoute: {} };
  readonly invalid: InvalidRequestCounter;

  constructor(
    private readonly routes: Route[],
    private readonly limits: RateLimits,
    private readonly now: () => number,
    private readonly onAnswered: (request: RestRequest, logged: LoggedRequest, error?: DiscordError) => void,
    private readonly latency?: RestLatency,
    /** Counted answers in 10 minutes past which every request is refused, as Cloudflare bans an IP. */
    private readonly invalidRequestLimit = 10_000,
  ) {
    this.invalid = new InvalidRequestCounter(now);
  }

  /** The request's way to Discord: handled after it, so deadlines see the late arrival too. */
  private async travel(): Promise<void> {
    if (!this.latency) return;
    const jitter = this.latency.jitterMs ?? 0;
    const ms = Math.max(0, this.latency.meanMs + (Math.random() * 2 - 1) * jitter);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const { body, files } = await decodeBody(raw, req.headers);
    await this.travel();
    const prefix = '/api/v10';
    const path = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : null;
    const segments = (path ?? '').split('/').filter(Boolean).map(safeDecode);
    const match = path === null ? null : findRoute(this.routes, method, segments);

    if (!match || 'allowed' in match) {
      this.unimplemented.push({ method, path: url.pathname });
      const notAllowed = match && 'allowed' in match;
      const reply = notAllowed
        ? { status: 405, body: { message: '405: Method Not Allowed', code: 0 } }
        : { status: 404, body: { message: '404: Not Found', code: 0 } };
      this.record({
        method,
        route: `${method} ${url.pathname}`,
        path: url.pathname,
        body,
        status: reply.status,
        code: 0,
      });
      return send(res, reply);
    }

    const bannedForMs = this.invalid.bannedForMs(this.invalidRequestLimit);
    if (bannedForMs > 0) {
      // Cloudflare's answer, not Discord's: no bucket headers, not counted again.
      this.record({
        method,
        route: `${method} ${match.route.path}`,
        path: path ?? '',
        body,
        status: 429,
        code: 0,
      });
      return send(res, {
        status: 429,
        headers: { 'Retry-After': String(Math.ceil(bannedForMs / 1000)) },
        body: {
          message:
            'You are being blocked from accessing our API temporarily due to exceeding our rate limits frequently.',
          code: 0,
          global: true,
          retry_after: Number((bannedForMs / 1000).toFixed(3)),
        },
      });
    }
    const { route, params } = match;
    const request: RestRequest = {
      method,
      path: path ?? '',
      params,
      query: url.searchParams,
      body,
      files,
      headers: req.headers,
    };
    const routeName = `${method} ${route.path}`;
    this.stats.byRoute[routeName] = (this.stats.byRoute[routeName] ?? 0) + 1;
    let reply: RestReply;
    let failure: DiscordError | undefined;
    let bucket: BucketState | undefined;
    try {
      const token = route.bot !== false ? this.authorize(req.headers) : (params.token ?? '');
      bucket = this.limits.takeRoute(routeName, token, topLevelResource(params), this.now());
      // Synchronous handlers are not awaited, so the log is written before anyone woken by the handler runs.
      const answer = route.handle(request);
      reply = answer instanceof Promise ? await answer : answer;
    } catch (error) {
      if (error instanceof RateLimited) {
        this.stats.rateLimited += 1;
        this.stats.rateLimitedByRoute[routeName] = (this.stats.rateLimitedByRoute[routeName] ?? 0) + 1;
        reply = { status: 429, ...tooManyRequests(error) };
        this.invalid.record(429, error.scope, this.now());
      } else if (error instanceof DiscordError) {
        failure = error;
        reply = {
          status: error.status,
          body: {
            message: error.message,
            code: error.code,
            ...(error.errors ? { errors: error.errors } : {}),
          },
        };
      } else {
        throw error;
      }
    }
    // Discord sends a bucket's headers with every answer of the route, refusals included.
    if (bucket && reply.status !== 429) reply.headers = { ...rateLimitHeaders(bucket), ...reply.headers };
    if (reply.status === 401 || reply.status === 403) this.invalid.record(reply.status, null, this.now());
    const logged = this.record({
      method,
      route: routeName,
      path: path ?? '',
      body,
      status: reply.status,
      code: failure?.code,
    });
    if (failure instanceof InvalidBody) {
      this.rejected.push({
        ...logged,
        message: failure.message,
        ...(failure.errors ? { errors: failure.errors } : {}),
      });
    }
    this.onAnswered(request, logged, failure);
    send(res, reply);
  }

  /** The request's bot token, once it has passed the global limit. */
  private authorize(headers: IncomingHttpHeaders): string {
    const token = headers.authorization?.replace(/^Bot\s+/i, '');
    if (!token) throw new DiscordError(401, 0, '401: Unauthorized');
    this.limits.global.take(token, this.now(), 'global');
    return token;
  }

  private record(entry: Omit<LoggedRequest, 'at'>): LoggedRequest {
    this.stats.total += 1;
    const logged: LoggedRequest = { at: this.now(), ...entry };
    if (logged.code === undefined) delete logged.code;
    this.requests.push(logged);
    if (this.requests.length > LOG_LIMIT * 2) this.requests.splice(0, LOG_LIMIT);
    return logged;
  }
}

/** The id Discord keys a route's bucket by: channel, guild, or webhook (an interaction's, by its token). */
function topLevelResource(params: Record<string, string>): string | undefined {
  if (params.channel) return params.channel;
  if (params.guild) return params.guild;
  if (params.app && params.token) return `${params.app}/${params.token}`;
  return params.interaction;
}

function findRoute(
  routes: Route[],
  method: string,
  segments: string[],
): { route: Route; params: Record<string, string> } | { allowed: string[] } | null {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, segments);
    if (!params) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : null;
}

function matchPath(template: string, segments: string[]): Record<string, string> | null {
  const parts = template.split('/').filter(Boolean);
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return null;
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// JSON, or multipart with a payload_json part and `files[n]` parts when the bot attaches files.
async function decodeBody(
  raw: Buffer,
  headers: IncomingHttpHeaders,
): Promise<{ body: unknown; files: UploadedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  const type = headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://sandbox', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    const files: UploadedFile[] = [];
    for (const [field, value] of form) {
      if (typeof value === 'string') continue;
      files.push({
        field,
        filename: value.name,
        contentType: value.type || 'application/octet-stream',
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
    const payload = form.get('payload_json');
    return { body: typeof payload === 'string' ? parseJson(payload) : {}, files };
  }
  return { body: parseJson(raw.toString('utf8')), files: [] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function send(res: ServerResponse, reply: RestReply) {
  const headers = { ...reply.headers };
  if (reply.body === undefined || reply.status === 204) {
    res.writeHead(reply.status === 200 ? 204 : reply.status, headers).end();
    return;
  }
  res
    .writeHead(reply.status, { ...headers, 'Content-Type': 'application/json' })
    .end(JSON.stringify(reply.body));
}

/** Discord's nested `errors` object as one line: "embeds.0.description: Must be 4096 or fewer in length." */
export function describeFieldErrors(errors: Record<string, unknown> | undefined): string {
  const lines: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key !== '_errors') walk(value, path ? `${path}.${key}` : key);
      else for (const error of value as FieldError[]) lines.push(`${path || '(body)'}: ${error.message}`);
    }
  };
  walk(errors, '');
  return lines.join('; ');
}
