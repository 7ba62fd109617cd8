import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { csvField, toCsv } from '../../src/core/csv.js';
import { silentLogger } from '../../src/logger.js';
import { reusedFor } from '../../src/ops/health.js';
import { startOpsServer, type OpsServer } from '../../src/ops/http-server.js';

describe('the CSV export neutralises formulas', () => {
  it.each(['=1+1', '+33 6', '-2', '@SUM(A1)', '\tTAB', '\rCR', '=HYPERLINK("http://x","y")'])(
    'prefixes %j with a single quote',
    (text) => {
      const field = csvField(text);
      // Unquoted, or quoted because of a comma, quote or line break: either way a quote comes first.
      expect(field.replace(/^"/, '')).toMatch(/^'/);
      expect(field).toContain(text.replaceAll('"', '""'));
    },
  );

  it('leaves other text and the bot’s own numbers as they are', () => {
    expect(csvField('good set')).toBe('good set');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(-5)).toBe('-5');
    expect(csvField('2026-11-27')).toBe('2026-11-27');
    expect(toCsv(['note'], [['=cmd|calc']])).toBe("note\r\n'=cmd|calc\r\n");
    expect(csvField('=a,b')).toBe(`"'=a,b"`);
  });
});

describe('DISCORD_API_URL', () => {
  it.each([
    'https://discord.com/api',
    'http://127.0.0.1:3000/api',
    'http://localhost:8080/api',
    'http://[::1]:9/api',
  ])('accepts %s', (url) => {
    expect(loadConfig({ DISCORD_API_URL: url }).discordApiUrl).toBe(url);
  });

  it.each([
    'http://discord.example/api',
    'http://10.0.0.5/api',
    'ftp://127.0.0.1/api',
    'http://127.0.0.1.evil.example/',
  ])('refuses %s: it would receive the token in the clear', (url) => {
    expect(() => loadConfig({ DISCORD_API_URL: url })).toThrow(
      /DISCORD_API_URL: must be https, or http on loopback/,
    );
  });
});

describe('the ops endpoints', () => {
  let server: OpsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('listen on loopback only unless HTTP_HOST says otherwise', async () => {
    expect(loadConfig({}).httpHost).toBe('127.0.0.1');
    expect(loadConfig({ HTTP_HOST: '0.0.0.0' }).httpHost).toBe('0.0.0.0');
    server = await startOpsServer({
      port: 0,
      health: async () => ({ gateway: 'ready', database: 'ok' }),
      metrics: async () => ({ contentType: 'text/plain', body: '' }),
      logger: silentLogger,
    });
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (external) {
      await expect(fetch(`http://${external.address}:${server.port}/healthz`)).rejects.toThrow();
    }
  });

  it('reuse one health answer for the period, and ask again after it or after a failure', async () => {
    let now = 0;
    let reads = 0;
    let fail = false;
    const health = reusedFor(
      2_000,
      async () => {
        reads += 1;
        if (fail) throw new Error('probe failed');
        return reads;
      },
      () => now,
    );
    expect(await Promise.all([health(), health(), health()])).toEqual([1, 1, 1]);
    now = 1_999;
    expect(await health()).toBe(1);
    now = 2_000;
    expect(await health()).toBe(2);
    fail = true;
    now = 5_000;
    await expect(health()).rejects.toThrow('probe failed');
    fail = false;
    expect(await health()).toBe(4);
    // A clock that steps back does not keep an answer for longer.
    now = 1_000;
    expect(await health()).toBe(5);
  });
});
