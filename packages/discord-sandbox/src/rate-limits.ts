export interface RateLimitOptions {
  /** Requests per second per bot token; interaction callbacks and interaction webhooks do not count. */
  globalPerSecond?: number;
  channelMessages?: { limit: number; windowMs: number };
  channelRenames?: { limit: number; windowMs: number };
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

export class RateLimits {
  readonly global: WindowLimiter;
  readonly channelMessages: WindowLimiter;
  readonly channelRenames: WindowLimiter;

  constructor(options: RateLimitOptions = {}) {
    this.global = new WindowLimiter('global', options.globalPerSecond ?? 50, 1000);
    const messages = options.channelMessages ?? { limit: 5, windowMs: 5000 };
    this.channelMessages = new WindowLimiter('channel-messages-post', messages.limit, messages.windowMs);
    const renames = options.channelRenames ?? { limit: 2, windowMs: 10 * 60_000 };
    this.channelRenames = new WindowLimiter('channel-rename', renames.limit, renames.windowMs);
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
