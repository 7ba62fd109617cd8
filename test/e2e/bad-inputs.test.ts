import { getTableName } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { SandboxMessage, SandboxUser } from '@align/discord-sandbox';
import * as schema from '../../src/db/schema.js';
import { messageText, startHarness, stopHarnessAfterEach, type Harness } from '../support/align-harness.js';

let h: Harness;
stopHarnessAfterEach(() => h);

/** What Align logs, as objects, from debug up. */
function capturedLogs() {
  const lines: { level: number; msg: string; [fact: string]: unknown }[] = [];
  const logger = pino(
    { level: 'debug', base: undefined },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  return { logger, lines };
}

const tables = (Object.values(schema) as unknown[]).filter(
  (value): value is PgTable => value instanceof PgTable,
);

/** Every row of every table, in a stable order, to see that nothing changed. */
async function everything(): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await h.database.db.select().from(table);
    result[getTableName(table)] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return result;
}

const fault = /Something went wrong/;

/** One bad input, the member who sends it, and a word its answer must have. */
interface BadInput {
  as: () => SandboxUser;
  /** A command line, as the member's Discord app would send it. */
  line?: string;
  /** Or a request only a modified client sends: options Discord's app would never allow. */
  crafted?: { name: string; subcommand?: string; options: Record<string, string | number> };
  answer: RegExp;
}

const zeroWidth = '\u200B\u200C\u200D\u2060';

describe('a scripted session of bad inputs', () => {
  it('every answer is private and clear, nothing is stored, and no warning carries what members wrote', async () => {
    const { logger, lines } = capturedLogs();
    h = await startHarness({ alignOptions: { logger } });
    const { admin, alice, carol } = h.members;
    const general = h.sandbox.channels(h.guild).find((channel) => channel.name === 'general')!;

    // Everyone has been seen once (their name is kept), alice has a log and a reminder.
    await h.run('/log pushups 30', alice);
    await h.run('/remind add when:"daily 20:30" message:stretch', alice);
    await h.run('/me', carol);
    await h.run('/me', admin);
    const reminderDm = h.sandbox.messagesFor(alice).find((m) => m.components.length > 0)!;
    expect(reminderDm).toBeDefined();

    const inputs: BadInput[] = [
      // Integers past the database's range, and numbers that name nothing.
      {
        as: () => alice,
        crafted: { name: 'remind', subcommand: 'remove', options: { number: 99_999_999_999 } },
        answer: /no reminder with that number/,
      },
      {
        as: () => alice,
        crafted: { name: 'remind', subcommand: 'remove', options: { number: -4 } },
        answer: /no reminder with that number/,
      },
      { as: () => alice, line: '/remind remove number:7', answer: /no reminder with that number/ },
      {
        as: () => admin,
        crafted: { name: 'schedule', subcommand: 'remove', options: { number: 99_999_999_999 } },
        answer: /no schedule with that number/,
      },
      {
        as: () => alice,
        crafted: {
          name: 'hold',
          subcommand: 'start',
          options: { routine: 'static-back', minutes: 99_999_999_999 },
        },
        answer: /Minutes go from 1 to 120/,
      },
      // Counts.
      { as: () => alice, line: '/log pushups "3 0"', answer: /space inside the number/ },
      { as: () => alice, line: '/log pushups 99999999999', answer: /far too large/ },
      { as: () => alice, line: '/log static-back 12345678901s', answer: /far too large/ },
      { as: () => alice, line: '/log pushups 10000', answer: /looks like a typo/ },
      { as: () => alice, line: '/log pushups abc', answer: /whole number/ },
      { as: () => alice, line: '/log planking 30', answer: /don’t know the exercise/ },
      { as: () => alice, line: '/log pushups 30 day:2020-01-01', answer: /back-fill up to 7 days/ },
      { as: () => alice, line: '/log pushups 30 note:@everyone', answer: /mentions/ },
      // Boards.
      { as: () => alice, line: '/leaderboard exercise:planking', answer: /exercises: `pushups`/ },
      {
        as: () => alice,
        crafted: { name: 'leaderboard', options: { period: 'decade' } },
        answer: /not a period I know/,
      },
      // Time zones.
      { as: () => alice, line: '/timezone zone:UTC+2', answer: /fixed offset.*daylight saving.*Etc\/GMT-2/s },
      { as: () => alice, line: '/timezone zone:EST', answer: /abbreviations are ambiguous/ },
      { as: () => alice, line: '/timezone zone:Mars/Olympus', answer: /not a time zone I know/ },
      { as: () => admin, line: '/setup timezone zone:GMT-5', answer: /fixed offset.*`Etc\/GMT\+5`/s },
      // Invisible and hostile text.
      {
        as: () => alice,
        line: `/remind add when:"sat 10am" message:"${zeroWidth}"`,
        answer: /Give the reminder a message/,
      },
      {
        as: () => admin,
        line: `/schedule add when:"mon-sat 7:30" channel:#general message:"${zeroWidth}"`,
        answer: /Give the reminder a message/,
      },
      { as: () => alice, line: '/remind add when:"\u202Eevery 3 minutes" message:hi', answer: /can’t read/ },
      {
        as: () => alice,
        line: '/remind add when:"every 3 minutes" message:hi',
        answer: /15 minutes to 24 hours/,
      },
      { as: () => alice, line: '/remind add when:"mon-sat 25:00" message:hi', answer: /can’t read/ },
      { as: () => alice, line: '/remind add when:"0 9 * * * *" message:hi', answer: /5 fields/ },
      // Choices a real client would not send.
      {
        as: () => admin,
        crafted: { name: 'setup', subcommand: 'leaderboard', options: { channel: general.id, day: 9 } },
        answer: /Monday to Sunday/,
      },
      {
        as: () => admin,
        crafted: {
          name: 'schedule',
          subcommand: 'add',
          options: { when: 'daily 09:00', channel: general.id, message: 'go', open_hold: 'nope' },
        },
        answer: /no routine “nope”/,
      },
      // Nothing to act on.
      { as: () => carol, line: '/undo', answer: /nothing to undo/ },
      { as: () => carol, line: '/privacy show', answer: /already on the leaderboards/ },
    ];

    const before = await everything();
    const warningsBefore = lines.filter((line) => line.level >= 40).length;

    for (const input of inputs) {
      const label = input.line ?? JSON.stringify(input.crafted);
      const handle = input.line
        ? h.sandbox.runCommandLine(input.line, { guild: h.guild, user: input.as() })
        : h.sandbox.runCommand({
            guild: h.guild,
            user: input.as(),
            name: input.crafted!.name,
            ...(input.crafted!.subcommand ? { subcommand: input.crafted!.subcommand } : {}),
            options: input.crafted!.options,
            modifiedClient: true,
          });
      const reply = await handle.reply();
      expect(reply.ephemeral, label).toBe(true);
      expect(messageText(reply), label).not.toMatch(fault);
      expect(messageText(reply), label).toMatch(input.answer);
      // A right-to-left override the member typed is never echoed back to flip the answer's text.
      expect(messageText(reply), label).not.toContain('\u202E');
    }

    // Buttons of no version of the bot, or past the database's ids, on a message the member can press.
    for (const customId of ['reminder:stop:99999999999', 'poll:vote:3', 'hold:join:0']) {
      const reply = await pressCrafted(reminderDm, customId, alice);
      expect(reply.ephemeral, customId).toBe(true);
      expect(messageText(reply), customId).toMatch(/no longer works/);
    }

    expect(await everything()).toEqual(before);
    // The captured logger is the one Align writes to, so the checks below could see a warning.
    expect(lines.some((line) => line.msg === 'Align is online')).toBe(true);
    const warnings = lines.slice(0).filter((line) => line.level >= 40);
    expect(warnings.slice(warningsBefore)).toEqual([]);
    // Nothing a member typed reaches the log at any level above debug, either.
    const typed = ['3 0', 'planking', 'decade', 'Mars/Olympus', zeroWidth, '\u202E'];
    for (const line of lines.filter((entry) => entry.level >= 30)) {
      for (const text of typed) expect(JSON.stringify(line)).not.toContain(JSON.stringify(text).slice(1, -1));
    }
    // The refusals were all counted as answered, none failed.
    expect(await h.database.db.$count(schema.exerciseLogs)).toBe(1);
  });
});

/** A press of a button whose id the message does not carry now: an older version's, or a crafted one. */
async function pressCrafted(message: SandboxMessage, customId: string, user: SandboxUser) {
  const stored = h.sandbox.messages().find((m) => m.id === message.id) ?? message;
  const button = stored.components[0]?.components?.[0];
  if (!button) throw new Error(`message ${message.id} has no button to press`);
  const original = button.custom_id;
  button.custom_id = customId;
  try {
    return await h.sandbox.clickButton({ message: stored, customId, user }).reply();
  } finally {
    button.custom_id = original;
  }
}

describe('each class, where a member meets it', () => {
  it('day lists ending in "sat" are read', async () => {
    h = await startHarness();
    const reply = await h.run('/remind add when:"mon-sat 7:30" message:stretch', h.members.alice);
    expect(messageText(reply)).toMatch(/Monday.*and Saturday at 07:30/);
    const fri = await h.run('/remind add when:"fri,sat 20:00" message:stretch', h.members.alice);
    expect(messageText(fri)).toMatch(/every Friday and Saturday at 20:00/);
  });

  it('a display name with markdown and a masked link is shown as typed in the public post', async () => {
    h = await startHarness();
    const mallory = h.sandbox.addUser({
      username: 'mallory',
      globalName: '**[free nitro](https://evil.example)**',
    });
    h.sandbox.addMember(h.guild, mallory);
    const post = await h.run('/log pushups 30', mallory);
    expect(post.ephemeral).toBe(false);
    expect(post.content).toContain('**\\*\\*\\[free nitro](https://evil.example)\\*\\*** logged 30 push-ups');
    const rtl = h.sandbox.addUser({ username: 'eve', globalName: 'eve\u202Eevil' });
    h.sandbox.addMember(h.guild, rtl);
    const second = await h.run('/log pushups 30', rtl);
    expect(second.content).not.toContain('\u202E');
    expect(second.content).toContain('\u2068eveevil\u2069');
  });

  it('time zones come back as the member spelled them, and Etc/GMT+12 is said to be UTC−12', async () => {
    h = await startHarness();
    const kolkata = await h.run('/timezone zone:Asia/Kolkata', h.members.alice);
    expect(messageText(kolkata)).toContain('**Asia/Kolkata**');
    const kyiv = await h.run('/timezone zone:europe/kyiv', h.members.alice);
    expect(messageText(kyiv)).toContain('**Europe/Kyiv**');
    const etc = await h.run('/timezone zone:Etc/GMT+12', h.members.alice);
    expect(messageText(etc)).toMatch(/UTC−12.*inverted/);
    const suggested = await h.sandbox
      .autocomplete({
        guild: h.guild,
        user: h.members.alice,
        name: 'timezone',
        focused: { name: 'zone', value: 'Kolk' },
      })
      .choices();
    expect(suggested.map((choice) => choice.value)).toContain('Asia/Kolkata');
  });

  it('25 schedules: the list says how many more and names them', async () => {
    h = await startHarness();
    for (let i = 0; i < 25; i++) {
      const hour = String(i % 24).padStart(2, '0');
      const minute = i < 24 ? '00' : '30';
      await h.run(
        `/schedule add when:"mon-sat ${hour}:${minute}" channel:#general message:"Schedule ${i + 1}: ${'stand up and stretch your back '.repeat(4)}"`,
        h.members.admin,
      );
    }
    const list = await h.run('/schedule list', h.members.admin);
    const text = messageText(list);
    expect(text.length).toBeLessThanOrEqual(2000);
    const shown = [...text.matchAll(/^\*\*#(\d+)\*\*/gm)].length;
    expect(shown).toBeLessThan(25);
    expect(text).toContain(`and ${25 - shown} more`);
    expect(text).toContain('#25');
  });

  it('a double-pressed "Delete my data" answers the second press with what the first did', async () => {
    h = await startHarness();
    const { bob } = h.members;
    await h.run('/log pushups 30', bob);
    await h.run('/log squats 30', bob);
    const ask = await h.run('/privacy delete', bob);
    const first = h.sandbox.clickButton({ message: ask, label: 'Delete my data', user: bob });
    const second = h.sandbox.clickButton({ message: ask, label: 'Delete my data', user: bob });
    const answers = [messageText(await first.reply()), messageText(await second.reply())];
    expect(answers.some((text) => /Done\. I deleted 2 logs/.test(text))).toBe(true);
    expect(answers.join('\n')).not.toMatch(/deleted 0 logs/);
    expect(answers.join('\n')).not.toMatch(fault);
  });
});
