/** `hold-end`: a hold's end committed, credits and all; `hold-step`: its other milestones. */
export type ScheduledWork = 'reminder' | 'hold-step' | 'hold-end';

/** What the bot records about itself. The router, services and scheduler see only this. */
export interface Metrics {
  /**
   * An interaction got its answer (or its apology, when it failed) this many ms after it arrived;
   * 'stale': it arrived too late to be answered (replayed after a reconnect) and was left unapplied;
   * 'throttled': the member was past their budget and asked to slow down.
   */
  interactionAnswered(
    interaction: string,
    outcome: 'answered' | 'failed' | 'stale' | 'throttled',
    ms: number,
  ): void;
  /** Scheduled work ran this many ms after it was due. */
  scheduledWorkRan(work: ScheduledWork, lateMs: number): void;
  /**
   * A fire re-claimed after a crash, whose post had maybe gone out: sent again within the nonce's
   * trust, found where it posts, not found (posted now), or unknown (the bot could not look).
   */
  fireRecovered(how: 'resent' | 'found' | 'absent' | 'unknown'): void;
  /** Discord answered one of the bot's requests with 429. */
  discordRateLimited(route: string, scope: string): void;
  /** How to count the holds running, asked at each scrape so every process reports the same truth. */
  countHoldsRunningWith(count: () => Promise<number>): void;
  /** Discord answered 401, 403 or (not shared) 429: what Cloudflare counts towards an IP ban. */
  discordRefused(status: number): void;
  /** Whether the brake on refused requests is engaged, asked at each scrape. */
  showBrakeWith(engaged: () => boolean): void;
}

export const noMetrics: Metrics = {
  interactionAnswered() {},
  scheduledWorkRan() {},
  fireRecovered() {},
  discordRateLimited() {},
  countHoldsRunningWith() {},
  discordRefused() {},
  showBrakeWith() {},
};
