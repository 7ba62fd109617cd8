import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The import rules ESLint reports for `code` as if it were the file at `filePath`. */
async function importViolations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('the layers the linter keeps', () => {
  it.each([
    ['src/services/x.ts', "import { Client } from 'discord.js';"],
    ['src/services/x.ts', "import { REST } from '@discordjs/rest';"],
    ['src/services/x.ts', "import { renderReminder } from '../discord/render/reminders.js';"],
    ['src/services/x.ts', "import type { SlashCommand } from '../discord/command.js';"],
    ['src/services/deeper/x.ts', "import { presentMembers } from '../../discord/members.js';"],
    ['src/services/x.ts', "import { fireNonce } from '../scheduler/reminder-dispatcher.js';"],
    ['src/scheduler/x.ts', "import { createReminderSender } from '../discord/reminder-sender.js';"],
    ['src/scheduler/x.ts', "import { Client } from 'discord.js';"],
    ['src/core/x.ts', "import cron from 'node-cron';"],
    ['src/core/x.ts', "import { schedule } from 'node-cron';"],
    ['src/core/x.ts', "import { localDay } from '../services/time-zones.js';"],
    ['src/shared/x.ts', "import { localDay } from '../core/days.js';"],
  ])('%s may not say %s', async (filePath, code) => {
    expect(await importViolations(filePath, `${code}\nexport {};\n`)).not.toEqual([]);
  });

  it.each([
    ['src/services/x.ts', "import { localDay } from '../core/days.js';"],
    ['src/services/x.ts', "import type { Metrics } from '../shared/metrics.js';"],
    ['src/services/x.ts', "import type { RemindersRepository } from './reminders.repository.js';"],
    ['src/scheduler/x.ts', "import type { ReminderFireService } from '../services/reminder-fires.js';"],
    ['src/scheduler/x.ts', "import type { RateLimiter } from '../shared/rate-limiter.js';"],
    ['src/core/x.ts', "import { parse, validate } from 'node-cron';"],
    ['src/discord/x.ts', "import type { ReminderSender } from '../services/reminder-fires.js';"],
  ])('%s may say %s', async (filePath, code) => {
    expect(await importViolations(filePath, `${code}\nexport {};\n`)).toEqual([]);
  });
});
