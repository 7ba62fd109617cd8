import type { SandboxOptions } from '@align/discord-sandbox';

/** Align's own sandbox: the bot is called Align, and a new server has the channels a back-care group starts with. */
export const alignSandboxOptions = {
  botName: 'Align',
  defaultChannels: [
    { name: 'Exercise', type: 'category' },
    { name: 'general', type: 'text', parent: 'Exercise' },
    { name: 'Floor', type: 'voice', parent: 'Exercise' },
  ],
} satisfies SandboxOptions;
