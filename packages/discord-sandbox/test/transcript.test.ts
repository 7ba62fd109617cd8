import { describe, expect, test } from 'vitest';
import { formatRelative, renderMessage, renderText, type RenderContext } from '../src/transcript.js';
import type { SandboxMessage } from '../src/world.js';

const now = Date.UTC(2026, 2, 8, 20, 30);
const ctx: RenderContext = {
  userName: (id) => ({ '11': 'alice', '99': 'Align' })[id],
  channelName: (id) => ({ '5': 'general' })[id],
  roleName: () => 'Stretchers',
  now: () => now,
  timeZone: 'UTC',
};

const message = (overrides: Partial<SandboxMessage>): SandboxMessage => ({
  id: '1',
  channelId: '5',
  guildId: '7',
  author: { id: '99', username: 'Align', globalName: null, bot: true },
  content: '',
  embeds: [],
  components: [],
  attachments: [],
  flags: 0,
  ephemeral: false,
  nonce: null,
  allowedMentions: null,
  mentionsEveryone: false,
  type: 0,
  createdAt: now,
  editedAt: null,
  editCount: 0,
  deleted: false,
  webhookId: null,
  interaction: null,
  ...overrides,
});

describe('transcript', () => {
  test('a hold lobby renders with its embed, buttons and a human countdown', () => {
    const text = renderMessage(
      message({
        content: '<@11> started a hold in <#5>',
        embeds: [
          {
            title: 'Static back',
            description: 'Ends <t:1772803800:R>',
            fields: [{ name: 'Joined', value: '<@11>' }],
            footer: { text: 'Legs on the ottoman' },
          },
        ],
        components: [
          {
            type: 1,
            components: [
              { type: 2, label: 'Join', custom_id: 'j', style: 1 },
              { type: 2, label: 'Leave', custom_id: 'l', style: 2, disabled: true },
            ],
          },
        ],
      }),
      { ...ctx, now: () => 1772803800_000 - 20 * 60_000 },
    );
    expect(text).toBe(
      [
        '[#general] Align:',
        '  @alice started a hold in #general',
        '  | **Static back**',
        '  | Ends in 20 min',
        '  | Joined: @alice',
        '  | — Legs on the ottoman',
        '  [Join] [Leave (disabled)]',
      ].join('\n'),
    );
  });

  test('ephemeral, edited, deferred and DM messages say so', () => {
    expect(
      renderMessage(message({ content: 'Logged 30 push-ups', ephemeral: true, flags: 64 }), ctx, {
        edited: true,
      }),
    ).toBe('[#general] Align (edited):\n  Logged 30 push-ups\n  (only you can see this)');
    expect(renderMessage(message({ flags: 128 }), ctx)).toBe('[#general] Align:\n  Align is thinking…');
    expect(
      renderMessage(message({ guildId: null, channelId: '8', content: 'Stretch!', interaction: null }), {
        ...ctx,
        channelName: () => 'alice',
      }),
    ).toBe('[DM to @alice] Align:\n  Stretch!');
  });

  test('timestamps and mentions', () => {
    expect(renderText('<t:1772994600:t> <t:1772994600:D> <@&3> <:ok:123>', ctx)).toBe(
      '18:30 8 March 2026 @Stretchers :ok:',
    );
    expect(formatRelative(-3 * 3600_000)).toBe('3 h ago');
    expect(formatRelative(2 * 86_400_000)).toBe('in 2 days');
    expect(formatRelative(45_000)).toBe('in 45 s');
  });
});
