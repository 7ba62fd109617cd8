import type { SlashCommand } from '../command.js';
import { helpCommand } from './help.command.js';
import { holdCommand } from './hold.command.js';
import { leaderboardCommand } from './leaderboard.command.js';
import { logCommand } from './log.command.js';
import { meCommand } from './me.command.js';
import { privacyCommand } from './privacy.command.js';
import { remindCommand } from './remind.command.js';
import { scheduleCommand } from './schedule.command.js';
import { setupCommand } from './setup.command.js';
import { timezoneCommand } from './timezone.command.js';
import { undoCommand } from './undo.command.js';

export const commands: readonly SlashCommand[] = [
  logCommand,
  undoCommand,
  meCommand,
  holdCommand,
  leaderboardCommand,
  remindCommand,
  scheduleCommand,
  timezoneCommand,
  setupCommand,
  privacyCommand,
  helpCommand,
];
