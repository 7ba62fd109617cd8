import { gte, lt } from 'drizzle-orm';
import type { Clock } from '../core/clock.js';
import { loginDelayMs } from '../core/login-budget.js';
import type { ShardSet } from '../core/shards.js';
import type { Db } from '../db/client.js';
import { gatewayLogins } from '../db/schema.js';

export type GatewayLoginService = ReturnType<typeof createGatewayLoginService>;

const dayMs = 24 * 60 * 60_000;

/** Start-ups share Discord's daily login budget through the database, whichever process they are. */
export function createGatewayLoginService({ db, clock }: { db: Db; clock: Clock }) {
  return {
    /**
     * Books this start-up's login and says how long to wait before it (0 almost always; longer when
     * the process keeps restarting or the day's budget is nearly spent). The login is recorded at the
     * moment it will happen, so other processes starting meanwhile count it.
     */
    async bookLogin(shards: ShardSet | undefined): Promise<{ waitMs: number; recentLogins: number }> {
      const now = clock.now().getTime();
      const next = {
        shardKey: shards ? `${shards.ids.join(',')}/${shards.count}` : 'all',
        shards: shards?.ids.length ?? 1,
      };
      await db.delete(gatewayLogins).where(lt(gatewayLogins.loggedInAt, new Date(now - dayMs)));
      const rows = await db
        .select()
        .from(gatewayLogins)
        .where(gte(gatewayLogins.loggedInAt, new Date(now - dayMs)));
      const history = rows.map((row) => ({
        at: row.loggedInAt.getTime(),
        shardKey: row.shardKey,
        shards: row.shards,
      }));
      const waitMs = loginDelayMs(history, next, now);
      await db.insert(gatewayLogins).values({ ...next, loggedInAt: new Date(now + waitMs) });
      return { waitMs, recentLogins: history.filter((login) => login.shardKey === next.shardKey).length };
    },
  };
}
