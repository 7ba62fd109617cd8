import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const tsx = 'node_modules/.bin/tsx';

function runProcess(script: string, options: { env?: Record<string, string>; input?: string } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(tsx, [script], {
      env: { ...process.env, DISCORD_TOKEN: '', DATABASE_URL: '', LOG_LEVEL: 'warn', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

describe('starting Align from the command line', () => {
  it('without a token and without a terminal, exits non-zero and says what to do', async () => {
    const { code, stderr } = await runProcess('src/main.ts');
    expect(code).toBe(1);
    expect(stderr).toMatch(/DISCORD_TOKEN is not set/);
    expect(stderr).toMatch(/npm run sandbox/);
  });

  it('stops on a bad setting, naming it', async () => {
    const { code, stderr } = await runProcess('src/main.ts', { env: { DEV_GUILD_ID: 'my-server' } });
    expect(code).toBe(1);
    expect(stderr).toMatch(/DEV_GUILD_ID: must be a Discord id/);
  });

  it('runs a sandbox script from standard input and exits cleanly', async () => {
    const { code, stdout } = await runProcess('src/sandbox/cli.ts', { input: '/log pushups 30\n/me\n' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Alice\*\* logged 30 push-ups/);
    expect(stdout).toMatch(/Alice’s progress/);
    expect(stdout).toMatch(/Current streak: \*\*1\*\* day/);
  });
});
