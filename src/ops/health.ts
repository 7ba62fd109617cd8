import { Status, type Client } from 'discord.js';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { withTimeout } from './timeout.js';

export interface Health {
  /** 'ready', or what the gateway is doing instead ('connecting', 'resuming', 'idle' …). */
  gateway: string;
  database: 'ok' | 'down';
}

/** A database slower than this to answer `select 1` counts as down: interactions need answers within 3 s. */
export const databaseProbeMs = 1_000;

export const isHealthy = (health: Health) => health.gateway === 'ready' && health.database === 'ok';

const words = (status: Status) =>
  (Status[status] ?? 'unknown').replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase();

/**
 * discord.js marks its gateway ready once and keeps saying so while a shard reconnects; the shards
 * themselves say whether events are arriving now.
 */
export function gatewayStateOf(managerStatus: Status, shardStatuses: readonly Status[]): string {
  if (managerStatus !== Status.Ready) return words(managerStatus);
  const behind = shardStatuses.find((status) => status !== Status.Ready);
  return behind === undefined ? 'ready' : words(behind);
}

export async function checkHealth(deps: { client: Client; db: Db }): Promise<Health> {
  const { ws } = deps.client;
  const gateway = gatewayStateOf(
    ws.status,
    ws.shards.map((shard) => shard.status),
  );
  const database = await withTimeout(deps.db.execute(sql`select 1`), databaseProbeMs).then(
    () => 'ok' as const,
    () => 'down' as const,
  );
  return { gateway, database };
}

/** How long one health answer is reused: a scraper or a flood of `/healthz` hits costs one database probe per period. */
export const healthReuseMs = 2_000;

/**
 * `read`, asked at most once per `ms`: callers within that time (or while it is still running) share its
 * answer. A read that fails is not kept, so the next caller asks again.
 */
export function reusedFor<T>(
  ms: number,
  read: () => Promise<T>,
  now: () => number = () => performance.now(),
): () => Promise<T> {
  let kept: { at: number; answer: Promise<T> } | undefined;
  return () => {
    const at = now();
    if (kept && at - kept.at < ms && at >= kept.at) return kept.answer;
    const answer = read();
    const entry = { at, answer };
    kept = entry;
    answer.catch(() => {
      if (kept === entry) kept = undefined;
    });
    return answer;
  };
}
