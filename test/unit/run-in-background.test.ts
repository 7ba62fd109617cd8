import { describe, expect, it } from 'vitest';
import { runInBackground, type Logger } from '../../src/logger.js';

function recordingLogger() {
  const lines: { level: string; facts: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (facts: Record<string, unknown>, message: string) =>
    lines.push({ level, facts, message });
  return { lines, logger: { error: at('error'), warn: at('warn') } as unknown as Logger };
}

describe('runInBackground', () => {
  it('logs a failure once, with its facts, and never rejects', async () => {
    const { lines, logger } = recordingLogger();
    const boom = new Error('boom');
    await expect(
      runInBackground(logger, 'could not record the servers', () => Promise.reject(boom), {
        level: 'warn',
        guildIds: ['1'],
      }),
    ).resolves.toBeUndefined();
    expect(lines).toEqual([
      { level: 'warn', facts: { err: boom, guildIds: ['1'] }, message: 'could not record the servers' },
    ]);
  });

  it('catches work that throws before it returns a promise, and logs nothing when it succeeds', async () => {
    const { lines, logger } = recordingLogger();
    await runInBackground(logger, 'sweep failed', () => {
      throw new Error('at once');
    });
    await runInBackground(logger, 'sweep failed', async () => 'done');
    expect(lines.map(({ level, message }) => [level, message])).toEqual([['error', 'sweep failed']]);
  });
});
