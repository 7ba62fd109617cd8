import { runSandbox } from './session.js';

await runSandbox({
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  logLevel: process.env.LOG_LEVEL,
});
