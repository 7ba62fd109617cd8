import type { ShardSet } from './core/shards.js';
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
/** Hosts that never leave this machine, where plain http cannot be read by anyone else. */
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The API base receives the bot token with every request: https, or http that stays on this machine. */
function isSafeApiUrl(text: string): boolean {
  const url = new URL(text);
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
}

const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const environmentSchema = z
  .object({
    DISCORD_TOKEN: z.preprocess(
      blankAsUndefined,
      z.string().min(20, 'looks too short for a bot token').optional(),
    ),
    DISCORD_APPLICATION_ID: z.preprocess(blankAsUndefined, snowflake.optional()),
    DEV_GUILD_ID: z.preprocess(blankAsUndefined, snowflake.optional()),
    DISCORD_API_URL: z.preprocess(
      blankAsUndefined,
      z
        .url()
        .refine(
          isSafeApiUrl,
          'must be https, or http on loopback (127.0.0.1, localhost, [::1]): the bot sends its token there',
        )
        .optional(),
    ),
    DATABASE_URL: z.preprocess(
      blankAsUndefined,
      z
        .url()
        .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must start with postgres:// or postgresql://')
        .optional(),
    ),
    SHARD_COUNT: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(10_000).optional()),
    SHARD_IDS: z.preprocess(
      blankAsUndefined,
      z
        .string()
        .regex(/^\d+(\s*,\s*\d+)*$/, 'must be shard numbers separated by commas, such as 0,1')
        .transform((ids) => ids.split(',').map(Number))
        .optional(),
    ),
    DATA_DIR: z.preprocess(blankAsUndefined, z.string().default('./data')),
    LOG_LEVEL: z.preprocess(
      blankAsUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    DISCORD_INVALID_REQUEST_BUDGET: z.preprocess(
      blankAsUndefined,
      z.coerce.number().int().min(1).max(10_000).optional(),
    ),
    HTTP_HOST: z.preprocess(blankAsUndefined, z.string().default('127.0.0.1')),
    HTTP_PORT: z.preprocess(
      blankAsUndefined,
      z
        .string()
        .regex(/^\d+$/, 'must be a port number')
        .transform(Number)
        .pipe(z.number().max(65_535, 'must be a port number (0 to 65535)'))
        .optional(),
    ),
  })
  .refine((env) => !env.SHARD_IDS || env.SHARD_COUNT, {
    path: ['SHARD_IDS'],
    message: 'needs SHARD_COUNT, the total number of shards across every process',
  })
  .refine(
    (env) => !Array.isArray(env.SHARD_IDS) || env.SHARD_IDS.every((id) => id < (env.SHARD_COUNT ?? 0)),
    {
      path: ['SHARD_IDS'],
      message: 'each shard number must be below SHARD_COUNT (shards count from 0)',
    },
  );

export type Config = {
  discordToken: string | undefined;
  applicationId: string | undefined;
  devGuildId: string | undefined;
  discordApiUrl: string | undefined;
  databaseUrl: string | undefined;
  /** The shards this process runs; undefined: a single shard, as Discord gives small bots. */
  shards: ShardSet | undefined;
  dataDir: string;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  /** Where /healthz and /metrics are served; unset: no HTTP server. */
  httpPort: number | undefined;
  /** The interface /healthz and /metrics listen on: loopback unless told (the Docker image says 0.0.0.0). */
  httpHost: string;
  /** 401/403/429 answers in 10 minutes past which optional work pauses; unset: 2,000. */
  invalidRequestBudget: number | undefined;
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The only reader of the environment: every setting is checked here, and a bad one names itself. */
export function loadConfig(environment: Record<string, string | undefined>): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Align's configuration is not valid:\n${problems.join('\n')}`);
  }
  const env = parsed.data;
  return {
    discordToken: env.DISCORD_TOKEN,
    applicationId: env.DISCORD_APPLICATION_ID,
    devGuildId: env.DEV_GUILD_ID,
    discordApiUrl: env.DISCORD_API_URL,
    databaseUrl: env.DATABASE_URL,
    shards: env.SHARD_COUNT
      ? {
          count: env.SHARD_COUNT,
          ids: env.SHARD_IDS ?? Array.from({ length: env.SHARD_COUNT }, (_, id) => id),
        }
      : undefined,
    dataDir: env.DATA_DIR,
    logLevel: env.LOG_LEVEL,
    httpPort: env.HTTP_PORT,
    httpHost: env.HTTP_HOST,
    invalidRequestBudget: env.DISCORD_INVALID_REQUEST_BUDGET,
  };
}
