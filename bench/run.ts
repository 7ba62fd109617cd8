import { benchGuilds } from './guilds.bench.js';
import { benchHolds } from './holds.bench.js';
import { benchLeaderboards } from './leaderboards.bench.js';
import { benchLog } from './log.bench.js';
import { benchReminders } from './reminders.bench.js';

/** `npm run bench` runs every benchmark; `npm run bench -- holds` runs one. */
const benchmarks: Record<string, () => Promise<void>> = {
  holds: benchHolds,
  reminders: benchReminders,
  leaderboards: benchLeaderboards,
  log: benchLog,
  guilds: benchGuilds,
};

const chosen = process.argv.slice(2);
for (const [name, run] of Object.entries(benchmarks)) {
  if (chosen.length === 0 || chosen.includes(name)) await run();
}
