import { describe, expect, test } from 'vitest';
import { parseCommandLine } from '../src/command-line.js';
import type { SandboxCommand, SandboxCommandOption } from '../src/commands.js';

const command = (name: string, options: SandboxCommandOption[]): SandboxCommand => ({
  id: '1',
  application_id: '1',
  version: '1',
  type: 1,
  name,
  description: name,
  options,
  default_member_permissions: null,
  nsfw: false,
});

const commands = [
  command('log', [
    { type: 3, name: 'exercise', required: true, autocomplete: true },
    { type: 3, name: 'amount', required: true },
    { type: 3, name: 'note', max_length: 20 },
    { type: 3, name: 'day' },
  ]),
  command('hold', [
    {
      type: 1,
      name: 'start',
      options: [
        { type: 3, name: 'routine', required: true },
        { type: 4, name: 'minutes', min_value: 1 },
      ],
    },
    { type: 1, name: 'stop' },
  ]),
  command('me', [{ type: 6, name: 'member' }]),
  command('leaderboard', [
    {
      type: 3,
      name: 'period',
      choices: [
        { name: 'This week', value: 'week' },
        { name: 'This month', value: 'month' },
      ],
    },
    { type: 5, name: 'public' },
    { type: 10, name: 'min' },
  ]),
  command('schedule', [
    {
      type: 2,
      name: 'reminders',
      options: [{ type: 1, name: 'add', options: [{ type: 7, name: 'channel', required: true }] }],
    },
  ]),
];

const resolver = {
  user: (name: string) => (name === 'bob' ? '200000000000000002' : undefined),
  channel: (name: string) => (name === 'general' ? '300000000000000003' : undefined),
};

describe('parseCommandLine', () => {
  test('positional values fill required options first, names and quotes work', () => {
    expect(parseCommandLine('/log pushups 30 note:"felt good" day:yesterday', commands)).toEqual({
      name: 'log',
      options: [
        { name: 'exercise', type: 3, value: 'pushups' },
        { name: 'amount', type: 3, value: '30' },
        { name: 'note', type: 3, value: 'felt good' },
        { name: 'day', type: 3, value: 'yesterday' },
      ],
    });
    expect(parseCommandLine('/log amount:1:30 "static back"', commands)).toMatchObject({
      options: [
        { name: 'exercise', value: 'static back' },
        { name: 'amount', value: '1:30' },
      ],
    });
    expect(parseCommandLine('/log superman 1:30', commands)).toMatchObject({
      options: [{}, { value: '1:30' }],
    });
  });

  test('subcommands, groups, and typed values', () => {
    expect(parseCommandLine('/hold start static-back 25', commands)).toEqual({
      name: 'hold',
      subcommand: 'start',
      options: [
        { name: 'routine', type: 3, value: 'static-back' },
        { name: 'minutes', type: 4, value: 25 },
      ],
    });
    expect(parseCommandLine('/hold stop', commands)).toEqual({
      name: 'hold',
      subcommand: 'stop',
      options: [],
    });
    expect(parseCommandLine('/schedule reminders add #general', commands, resolver)).toEqual({
      name: 'schedule',
      subcommandGroup: 'reminders',
      subcommand: 'add',
      options: [{ name: 'channel', type: 7, value: '300000000000000003' }],
    });
    expect(parseCommandLine('/leaderboard "this month" yes 2.5', commands)).toMatchObject({
      options: [
        { name: 'period', value: 'month' },
        { name: 'public', value: true },
        { name: 'min', value: 2.5 },
      ],
    });
    expect(parseCommandLine('/me @bob', commands, resolver)).toMatchObject({
      options: [{ name: 'member', type: 6, value: '200000000000000002' }],
    });
  });

  test('clear errors for what the Discord client would not let through', () => {
    expect(parseCommandLine('/nope', commands)).toEqual({
      error: expect.stringContaining('unknown command /nope (known: /log, /hold'),
    });
    expect(parseCommandLine('/log pushups', commands)).toEqual({
      error: expect.stringMatching(/^missing amount\nusage: \/log exercise amount \[note\] \[day\]/),
    });
    expect(parseCommandLine('/hold', commands)).toEqual({
      error: expect.stringContaining('/hold needs a subcommand: start, stop'),
    });
    expect(parseCommandLine('/hold start back 0', commands)).toEqual({ error: 'minutes must be at least 1' });
    expect(parseCommandLine('/hold start back soon', commands)).toEqual({
      error: 'minutes must be a whole number, not "soon"',
    });
    expect(parseCommandLine('/leaderboard year', commands)).toEqual({
      error: 'period must be one of: This week, This month',
    });
    expect(parseCommandLine('/log a b note:"this note is far too long"', commands)).toEqual({
      error: 'note must be at most 20 characters',
    });
    expect(parseCommandLine('/log a b c d e', commands)).toEqual({
      error: expect.stringContaining('too many values: e'),
    });
    expect(parseCommandLine('/log a "b', commands)).toEqual({ error: 'unclosed " quote' });
    expect(parseCommandLine('/me @nobody', commands, resolver)).toEqual({
      error: 'no member called @nobody',
    });
    expect(parseCommandLine("/log pushups 20 note:don't", commands)).toMatchObject({
      options: [{}, {}, { value: "don't" }],
    });
  });
});
