import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { createAlign } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { createLogger } from './logger.js';
import { healthReuseMs, reusedFor } from './ops/health.js';
import { startOpsServer } from './ops/http-server.js';

const noTokenHelp = `DISCORD_TOKEN is not set, so Align has no Discord bot to log in as.
  • To run the real bot: put DISCORD_TOKEN=... in a .env file (see README, "Create the Discord application").
  • To try Align without an account: run \`npm run sandbox\` (or \`npm start\` in an interactive terminal).`;

const noSandboxHelp = `DISCORD_TOKEN is not set, and this build of Align has no sandbox: the sandbox is a development tool.
  • To run the real bot: set DISCORD_TOKEN.
  • To try Align without an account: in a checkout of the repository, run \`npm ci\` then \`npm start\`.`;

// A specifier in a variable: tsc does not follow it, so the sandbox (a development tool) stays out of the build.
const sandboxSession = './sandbox/session.js';

/** What src/sandbox/session.ts exports, spelled out: a type import would pull the sandbox into the build too. */
interface SandboxSession {
  runSandbox(options: { interactive: boolean; logLevel?: string }): Promise<void>;
}

/** Align's sandbox session, or undefined where it isn't installed (the production image). */
async function loadSandboxSession(): Promise<SandboxSession | undefined> {
  try {
    return (await import(sandboxSession)) as SandboxSession;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: join(config.dataDir, 'pglite') },
  );
  await runMigrations(database);
  return database;
}

/** In-flight work gets this long after SIGTERM; Docker's stop_grace_period in compose.yaml is longer. */
const shutdownGraceMs = 25_000;

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);

  if (!config.discordToken) {
    if (process.stdin.isTTY && process.stdout.isTTY) {
      const session = await loadSandboxSession();
      if (!session) {
        console.error(noSandboxHelp);
        process.exitCode = 1;
        return;
      }
      await session.runSandbox({
        interactive: true,
        logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
      });
      return;
    }
    console.error(noTokenHelp);
    process.exitCode = 1;
    return;
  }

  const logger = createLogger(config.logLevel);
  const database = await openConfiguredDatabase(config);
  logger.info({ driver: database.driver }, 'database ready');
  // prom-client is loaded only when metrics are served: a bot without HTTP_PORT doesn't carry it.
  const ops =
    config.httpPort === undefined
      ? undefined
      : {
          port: config.httpPort,
          metrics: (await import('./ops/prometheus.js')).createPrometheusMetrics(),
        };
  const align = createAlign({
    token: config.discordToken,
    database,
    devGuildId: config.devGuildId,
    apiUrl: config.discordApiUrl,
    shards: config.shards,
    logger,
    metrics: ops?.metrics,
    invalidRequestBudget: config.invalidRequestBudget,
  });
  // Up before the gateway, so a health check sees 503 while the bot connects rather than nothing at all.
  const opsServer =
    ops &&
    (await startOpsServer({
      port: ops.port,
      host: config.httpHost,
      health: reusedFor(healthReuseMs, () => align.health()),
      metrics: () => ops.metrics.render(),
      logger: logger.child({ component: 'ops' }),
    }));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ afterMs: shutdownGraceMs }, 'shutdown took too long; exiting anyway');
      process.exit(1);
    }, shutdownGraceMs).unref();
    await opsServer?.close();
    await align.stop({ beforeDisconnect: () => database.close() });
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const { waitMs, recentLogins } = await align.services.gatewayLogins.bookLogin(config.shards);
  if (waitMs > 0) {
    logger.warn(
      { waitSeconds: Math.round(waitMs / 1000), loginsLastDay: recentLogins },
      'restarted often: waiting before logging in again, to spare Discord’s daily login budget',
    );
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  if (stopping) return;
  await align.start();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
