import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('defaults to embedded PGlite under ./data with no token', () => {
    expect(loadConfig({})).toEqual({
      discordToken: undefined,
      applicationId: undefined,
      devGuildId: undefined,
      discordApiUrl: undefined,
      databaseUrl: undefined,
      shards: undefined,
      dataDir: './data',
      logLevel: 'info',
      httpPort: undefined,
      httpHost: '127.0.0.1',
      invalidRequestBudget: undefined,
    });
  });

  it('runs every shard in one process unless told which', () => {
    expect(loadConfig({ SHARD_COUNT: '3' }).shards).toEqual({ count: 3, ids: [0, 1, 2] });
    expect(loadConfig({ SHARD_COUNT: '4', SHARD_IDS: '2, 3' }).shards).toEqual({ count: 4, ids: [2, 3] });
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('reads every setting', () => {
    const config = loadConfig({
      DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.abcdef.ghijklmnop',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DEV_GUILD_ID: '223456789012345678',
      DATABASE_URL: 'postgres://align:secret@db:5432/align',
      LOG_LEVEL: 'debug',
      HTTP_PORT: '8080',
      DISCORD_INVALID_REQUEST_BUDGET: '500',
    });
    expect(config).toMatchObject({
      invalidRequestBudget: 500,
      devGuildId: '223456789012345678',
      databaseUrl: 'postgres://align:secret@db:5432/align',
      logLevel: 'debug',
      httpPort: 8080,
    });
  });

  it.each([
    [{ DEV_GUILD_ID: '12ab' }, /DEV_GUILD_ID: must be a Discord id/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL: must start with postgres/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ SHARD_IDS: '0' }, /SHARD_IDS: needs SHARD_COUNT/],
    [{ SHARD_COUNT: '2', SHARD_IDS: '1,2' }, /SHARD_IDS: each shard number must be below SHARD_COUNT/],
    [{ SHARD_COUNT: '2', SHARD_IDS: 'one' }, /SHARD_IDS: must be shard numbers/],
    [{ SHARD_COUNT: '0' }, /SHARD_COUNT/],
    [{ DISCORD_TOKEN: 'short' }, /DISCORD_TOKEN: looks too short/],
    [{ HTTP_PORT: 'http' }, /HTTP_PORT: must be a port number/],
    [{ HTTP_PORT: '70000' }, /HTTP_PORT: must be a port number/],
    [{ HTTP_PORT: '-1' }, /HTTP_PORT: must be a port number/],
  ])('names the variable that is wrong in %j', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(message);
  });
});
