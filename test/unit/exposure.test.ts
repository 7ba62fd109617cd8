import { networkInterfaces } from 'node:os';
import { DiscordAPIError, HTTPError } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { csvField, toCsv } from '../../src/core/csv.js';
import { redactText, routeOf, serializeError, silentLogger } from '../../src/logger.js';
import { reusedFor } from '../../src/ops/health.js';
import { startOpsServer, type OpsServer } from '../../src/ops/http-server.js';
import { capturedLogger } from '../support/captured-logger.js';

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

const interactionToken = `aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4${'x'.repeat(60)}`;
const webhookUrl = `https://discord.com/api/v10/webhooks/123456789012345678/${interactionToken}/messages/@original`;

describe('Discord errors in the log', () => {
  const note = 'my secret knee note';

  it('keep type, message, code, status, method and the route, without the body or the token', () => {
    const error = new DiscordAPIError(
      {
        code: 50035,
        message: 'Invalid Form Body',
        errors: { content: { _errors: [{ code: 'X', message: note }] } },
      },
      50035,
      400,
      'PATCH',
      webhookUrl,
      { body: { content: `Logged 25 push-ups: ${note}` } },
    );
    const { logger, lines } = capturedLogger();
    logger.error({ err: error, guildId: '100000000000000001' }, 'reply failed');
    logger.warn({ err: new Error('wrapped', { cause: error }) }, 'step failed');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(note);
      expect(line).not.toContain(interactionToken);
      expect(line).not.toMatch(/\/webhooks\/\d+\/[^:]/);
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({
      guildId: '100000000000000001',
      err: {
        type: 'DiscordAPIError',
        message: expect.stringContaining('Invalid Form Body'),
        code: 50035,
        status: 400,
        method: 'PATCH',
        route: '/api/v10/webhooks/:id/:token/messages/@original',
      },
    });
    expect(JSON.parse(lines[1]!).err.cause).toMatchObject({ type: 'DiscordAPIError', status: 400 });
  });

  it('never carry a failed export’s file: its bytes are at most counted', () => {
    const file = Buffer.from(JSON.stringify({ logs: [{ note }] }));
    const error = new HTTPError(
      500,
      'Internal Server Error',
      'POST',
      `https://discord.com/api/v10/interactions/123456789012345678/${interactionToken}/callback`,
      { files: [{ name: 'align-export.json', data: file }], body: { content: 'Your export' } },
    );
    const { logger, lines } = capturedLogger();
    logger.error({ err: error, file, export: { data: new Uint8Array(file) } }, 'export failed');
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).not.toContain(note);
    expect(line).not.toContain(interactionToken);
    expect(line).not.toMatch(/"\d+","\d+"|\[\d+,\d+/);
    expect(JSON.parse(line)).toMatchObject({
      file: `[${file.byteLength} bytes]`,
      err: { type: 'HTTPError', status: 500, route: '/api/v10/interactions/:id/:token/callback' },
    });
  });

  it('redact tokens and webhook URLs in any text, and ids in routes', () => {
    expect(redactText(`posting to ${webhookUrl} failed`)).toBe(
      'posting to https://discord.com/api/v10/webhooks/:id/:token/messages/@original failed',
    );
    expect(redactText('MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GAbCdE.abcdefghijklmnopqrstuvwxyz0123')).toBe('[token]');
    expect(
      routeOf('https://discord.com/api/v10/channels/123456789012345678/messages/223456789012345678?x=1'),
    ).toBe('/api/v10/channels/:id/messages/:id');
    // Member and server ids in other text stay: they are how an operator finds a failure.
    expect(redactText('guild 123456789012345678')).toBe('guild 123456789012345678');
    const looped: Error & { cause?: unknown } = new Error('loop');
    looped.cause = looped;
    expect(JSON.stringify(serializeError(looped))).toContain('[deeper]');
  });
});
