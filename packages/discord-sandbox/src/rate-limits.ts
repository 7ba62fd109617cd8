export interface Limit {
  limit: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** Requests per second per bot token; interaction callbacks and interaction webhooks do not count. */
  globalPerSecond?: number;
  /** POST /channels/:channel/messages, per token and channel. */
  channelMessages?: Limit;
  channelRenames?: Limit;
  /** GET /guilds/:guild/members/:user, per token and guild (docs/topics/rate-limits.mdx: per guild). */
  guildMembers?: Limit;
  /** Every other route, per token, route and top-level resource. */
  otherRoutes?: Limit;
}

export interface BucketState {
  bucket: string;
  limit: number;
  remaining: number;
  resetAt: number;
  resetAfterMs: number;
}

/** Thrown by a route when a bucket is empty; the server turns it into Discord's 429. */
export class RateLimited extends Error {
  constructor(
    readonly retryAfterMs: number,
    readonly global: boolean,
    readonly state: BucketState | null,
    readonly scope: 'user' | 'global' | 'shared' = global ? 'global' : 'user',
  ) {
    super(`rate limited for ${retryAfterMs} ms`);
  }
}

/**
 * A window that opens with the first request and resets a fixed time later, the way Discord's
 * buckets report `Reset-After` and the way @discordjs/rest counts its own global limit.
 */
export class WindowLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly bucket: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /**
   * Counts one request, or throws RateLimited without counting it. A 'hidden' limit answers 429 without
   * bucket headers, like Discord's undocumented sub-limits (channel renames).
   */
  take(key: string, now: number, kind: 'bucket' | 'global' | 'hidden' = 'bucket'): BucketState {
    let window = this.windows.get(key);
    if (!window || now >= window.resetAt) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    if (window.count >= this.limit) {
      const global = kind === 'global';
      throw new RateLimited(window.resetAt - now, global, kind === 'bucket' ? this.state(window, now) : null);
    }
    window.count += 1;
    return this.state(window, now);
  }

  private state(window: { count: number; resetAt: number }, now: number): BucketState {
    return {
      bucket: this.bucket,
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.count),
      resetAt: window.resetAt,
      resetAfterMs: window.resetAt - now,
    };
  }
}

/**
 * Discord's buckets: one per route and top-level resource (channel, guild, webhook), counted apart for
 * each token (docs/topics/rate-limits.mdx, "Per-route" and "top-level resources"). Two tokens never
 * share a bucket: only `shared`-scope limits, which the sandbox does not model, span users.
 */
export class RateLimits {
  readonly global: WindowLimiter;
  readonly channelRenames: WindowLimiter;
  private readonly routes = new Map<string, WindowLimiter>();
  private readonly otherRoutes: Limit;

  constructor(options: RateLimitOptions = {}) {
    this.global = new WindowLimiter('global', options.globalPerSecond ?? 50, 1000);
    const renames = options.channelRenames ?? { limit: 2, windowMs: 10 * 60_000 };
    this.channelRenames = new WindowLimiter('channel-rename', renames.limit, renames.windowMs);
    this.otherRoutes = options.otherRoutes ?? { limit: 50, windowMs: 1000 };
    const named: [string, Limit][] = [
      ['POST /channels/:channel/messages', options.channelMessages ?? { limit: 5, windowMs: 5000 }],
      ['GET /guilds/:guild/members/:user', options.guildMembers ?? { limit: 10, windowMs: 1000 }],
    ];
    for (const [route, limit] of named) this.routes.set(route, this.limiterFor(route, limit));
  }

  /**
   * Counts one request against its route's bucket, or throws RateLimited. `token` is the bot token
   * (or the interaction token for webhooks); `resource` the top-level id in the path, if any.
   */
  takeRoute(route: string, token: string, resource: string | undefined, now: number): BucketState {
    let limiter = this.routes.get(route);
    if (!limiter) {
      limiter = this.limiterFor(route, this.otherRoutes);
      this.routes.set(route, limiter);
    }
    return limiter.take(`${token}:${resource ?? ''}`, now);
  }

  private limiterFor(route: string, limit: Limit): WindowLimiter {
    // Discord's bucket ids are opaque hashes; a readable one serves as well.
    const bucket = route
      .toLowerCase()
      .replace(/[^a-z]+/g, '-')
      .replace(/^-|-$/g, '');
    return new WindowLimiter(bucket, limit.limit, limit.windowMs);
  }
}

export function rateLimitHeaders(state: BucketState): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': (state.resetAt / 1000).toFixed(3),
    'X-RateLimit-Reset-After': (state.resetAfterMs / 1000).toFixed(3),
    'X-RateLimit-Bucket': state.bucket,
  };
}

export function tooManyRequests(limited: RateLimited): { headers: Record<string, string>; body: unknown } {
  const seconds = limited.retryAfterMs / 1000;
  const headers: Record<string, string> = {
    'Retry-After': String(Math.max(0, Math.ceil(seconds))),
    'X-RateLimit-Scope': limited.scope,
    ...(limited.state ? rateLimitHeaders(limited.state) : {}),
  };
  if (limited.global) headers['X-RateLimit-Global'] = 'true';
  return {
    headers,
    body: {
      message: 'You are being rate limited.',
      retry_after: Number(seconds.toFixed(3)),
      global: limited.global,
      code: 0,
    },
  };
}
