/**
 * Discord's Cloudflare layer bans an IP address for a while once it has answered 10,000 requests with
 * 401, 403 or 429 in 10 minutes (a 429 of `shared` scope excepted; docs/topics/rate-limits.mdx,
 * "Invalid Request Limit"). Align stays far below: past its own budget it pauses the work that can wait.
 */
export const invalidRequestRules = {
  windowMs: 10 * 60_000,
  /** A fifth of Cloudflare's limit, leaving room for every other process behind the same address. */
  budget: 2_000,
} as const;

export type InvalidStatus = 401 | 403 | 429;

/** Whether an answer counts towards Cloudflare's limit. */
export function countsAsInvalid(status: number, scope?: string | null): status is InvalidStatus {
  if (status === 429) return scope !== 'shared';
  return status === 401 || status === 403;
}

/**
 * A refusal that asking again will not change (a 4xx other than 429: no access, unknown channel, a
 * member gone): a loop stops at it rather than repeating it. Read from the error's HTTP status, as
 * discord.js's errors carry it.
 */
export function isLastingRefusal(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
}

/** What work that can wait asks before going to Discord. */
export interface RequestBrake {
  /** True while refused answers are over the budget: optional work does not start. */
  readonly engaged: boolean;
}

export interface InvalidRequestBrake extends RequestBrake {
  /** One answer Discord gave; only 401, 403 and non-shared 429 count. */
  record(status: number, scope?: string | null): void;
  /** The counted answers of the last window. */
  count(): number;
}

const secondMs = 1000;

/**
 * Counts refused answers over a rolling window, in one-second slots so a flood costs no memory. It
 * engages at the budget and releases once the window holds less than half of it, so it does not flap
 * around the line; `onChange` hears each change once.
 */
export function createInvalidRequestBrake(options: {
  now: () => number;
  budget?: number;
  windowMs?: number;
  onChange?: (engaged: boolean, count: number) => void;
}): InvalidRequestBrake {
  const budget = options.budget ?? invalidRequestRules.budget;
  const windowMs = options.windowMs ?? invalidRequestRules.windowMs;
  const slots: { second: number; count: number }[] = [];
  let total = 0;
  let engaged = false;

  const forgetOld = (now: number) => {
    const oldest = Math.floor((now - windowMs) / secondMs);
    while (slots.length > 0 && slots[0]!.second <= oldest) total -= slots.shift()!.count;
  };
  const update = () => {
    const next = engaged ? total >= budget / 2 : total >= budget;
    if (next === engaged) return;
    engaged = next;
    options.onChange?.(engaged, total);
  };

  return {
    record(status, scope) {
      if (!countsAsInvalid(status, scope)) return;
      const now = options.now();
      forgetOld(now);
      const second = Math.floor(now / secondMs);
      const last = slots.at(-1);
      if (last?.second === second) last.count += 1;
      else slots.push({ second, count: 1 });
      total += 1;
      update();
    },
    count() {
      forgetOld(options.now());
      return total;
    },
    get engaged() {
      forgetOld(options.now());
      update();
      return engaged;
    },
  };
}
