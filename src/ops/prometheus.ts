import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics } from '../shared/metrics.js';
import { withTimeout } from './timeout.js';

export interface PrometheusMetrics extends Metrics {
  /** The Prometheus text exposition of every metric. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** A scrape must not hang on a stuck database; the gauge then reads NaN (unknown). */
const holdCountTimeoutMs = 1_000;

/**
 * Metrics in a registry of their own, so several bots in one process (tests) never share a series.
 * Times are in seconds, as Prometheus expects; the buckets suit replies that take milliseconds and
 * Discord's 3-second answer deadline.
 */
export function createPrometheusMetrics(): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const interactions = new Histogram({
    name: 'align_command_duration_seconds',
    help: 'From an interaction arriving to its reply being sent, by command (buttons as button:<feature>)',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
    registers: [registry],
  });
  const lateness = new Histogram({
    name: 'align_scheduler_lateness_seconds',
    help: 'How long after its due time a reminder was sent or a hold step ran',
    labelNames: ['work'] as const,
    // Finer around a second, where the hold timer's target lies.
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2.5, 5, 10, 30, 60, 300, 600],
    registers: [registry],
  });
  const recovered = new Counter({
    name: 'align_reminder_fires_recovered_total',
    help: 'Fires re-claimed after a crash with their post maybe out: resent (within the nonce window), found, absent (posted now) or unknown',
    labelNames: ['how'] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'align_discord_rate_limited_total',
    help: 'Requests Discord answered with 429, by route and rate-limit scope',
    labelNames: ['route', 'scope'] as const,
    registers: [registry],
  });
  const refused = new Counter({
    name: 'align_discord_invalid_requests_total',
    help: 'Answers Discord gave with 401, 403 or 429 (shared scope aside), which Cloudflare counts towards a ban at 10,000 in 10 minutes',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  let brakeEngaged: (() => boolean) | undefined;
  new Gauge({
    name: 'align_request_brake_engaged',
    help: '1 while refused requests are over their budget and optional work (retries, board member fetches) is paused',
    registers: [registry],
    collect() {
      if (brakeEngaged) this.set(brakeEngaged() ? 1 : 0);
    },
  });
  let countHolds: (() => Promise<number>) | undefined;
  new Gauge({
    name: 'align_holds_running',
    help: 'Group holds open now (waiting to start or under way), across every bot process',
    registers: [registry],
    async collect() {
      if (!countHolds) return;
      try {
        this.set(await withTimeout(countHolds(), holdCountTimeoutMs));
      } catch {
        this.set(Number.NaN);
      }
    },
  });

  return {
    interactionAnswered(interaction, outcome, ms) {
      interactions.observe({ command: interaction, outcome }, ms / 1000);
    },
    scheduledWorkRan(work, lateMs) {
      lateness.observe({ work }, Math.max(0, lateMs) / 1000);
    },
    fireRecovered(how) {
      recovered.inc({ how });
    },
    discordRateLimited(route, scope) {
      rateLimited.inc({ route, scope });
    },
    countHoldsRunningWith(count) {
      countHolds = count;
    },
    discordRefused(status) {
      refused.inc({ status: String(status) });
    },
    showBrakeWith(engaged) {
      brakeEngaged = engaged;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
