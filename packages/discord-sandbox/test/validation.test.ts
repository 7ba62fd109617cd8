import { describe, expect, test } from 'vitest';
import { checkBody } from '../src/validation.js';

const codes = (problem: ReturnType<typeof checkBody>) =>
  JSON.stringify(problem?.errors ?? {}).match(/[A-Z_]{6,}/g) ?? [];

describe('hand-written checks the OpenAPI description cannot express', () => {
  test('message limits', () => {
    expect(checkBody('message.create', { content: 'x'.repeat(2001) })?.code).toBe(50035);
    expect(checkBody('message.create', { content: 'x'.repeat(2000) })).toBeNull();
    expect(
      codes(
        checkBody('message.create', {
          embeds: [
            { description: 'x'.repeat(4000) },
            { title: 'y'.repeat(256), footer: { text: 'z'.repeat(1745) } },
          ],
        }),
      ),
    ).toEqual(['MAX_EMBED_SIZE_EXCEEDED']);
    expect(checkBody('message.create', { content: '' })).toEqual({
      code: 50006,
      message: 'Cannot send an empty message',
    });
    const row = (id: string) => ({
      type: 1,
      components: [{ type: 2, style: 1, label: 'Go', custom_id: id }],
    });
    expect(
      codes(checkBody('message.create', { components: ['a', 'b', 'c', 'd', 'e', 'f'].map(row) })),
    ).toContain('BASE_TYPE_MAX_LENGTH');
    expect(codes(checkBody('message.create', { components: [row('same'), row('same')] }))).toEqual([
      'COMPONENT_CUSTOM_ID_DUPLICATED',
    ]);
    expect(codes(checkBody('message.create', { components: [row('x'.repeat(101))] }))).toEqual([
      'BASE_TYPE_MAX_LENGTH',
    ]);
    expect(
      codes(
        checkBody('message.create', {
          components: [{ type: 1, components: [{ type: 2, style: 1, label: 'No id' }] }],
        }),
      ),
    ).toEqual(['BASE_TYPE_REQUIRED']);
  });

  test('interaction callbacks are checked per type', () => {
    const choices = Array.from({ length: 26 }, (_, index) => ({ name: `c${index}`, value: `c${index}` }));
    expect(
      JSON.stringify(checkBody('interaction.callback', { type: 8, data: { choices } })?.errors),
    ).toContain('"choices"');
    expect(
      checkBody('interaction.callback', { type: 8, data: { choices: choices.slice(0, 25) } }),
    ).toBeNull();
    expect(checkBody('interaction.callback', { type: 4, data: {} })?.code).toBe(50006);
    expect(checkBody('interaction.callback', { type: 5 })).toBeNull();
    expect(codes(checkBody('interaction.callback', { type: 3 }))).toEqual(['BASE_TYPE_CHOICES']);
  });

  test('command definitions', () => {
    const option = (name: string, required?: boolean) => ({ type: 3, name, description: name, required });
    const command = (overrides: object) => [{ name: 'log', description: 'Log', ...overrides }];
    expect(
      checkBody(
        'commands.bulk',
        command({ default_member_permissions: '32', options: [option('a', true), option('b')] }),
      ),
    ).toBeNull();
    expect(codes(checkBody('commands.bulk', command({ name: 'Log' })))).toEqual([
      'APPLICATION_COMMAND_INVALID_NAME',
    ]);
    expect(codes(checkBody('commands.bulk', command({ options: [option('a'), option('b', true)] })))).toEqual(
      ['APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID'],
    );
    expect(codes(checkBody('commands.bulk', [...command({}), ...command({})]))).toEqual([
      'APPLICATION_COMMANDS_DUPLICATE_NAME',
    ]);
    const huge = Array.from({ length: 25 }, (_, index) => ({
      ...option(`o${index}`),
      description: 'd'.repeat(100),
      choices: Array.from({ length: 25 }, (_, c) => ({ name: `n${c}`, value: 'v'.repeat(10) })),
    }));
    expect(codes(checkBody('commands.bulk', command({ options: huge })))).toEqual([
      'APPLICATION_COMMAND_TOO_LARGE',
    ]);
  });
});
