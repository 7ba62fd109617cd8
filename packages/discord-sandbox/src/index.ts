// The package's public face: everything outside it imports from here, never from the files behind it.
export {
  DiscordSandbox,
  type ChannelChange,
  type SandboxEvents,
  type SandboxOptions,
  type AutocompleteChoice,
  type AutocompleteInput,
  type ChannelRef,
  type ClickInput,
  type CommandOptions,
  type CommandPlace,
  type GuildRef,
  type InteractionHandle,
  type MessageChange,
  type RunCommandInput,
  type SandboxChannel,
  type SandboxCommand,
  type SandboxCommandOption,
  type SandboxMessage,
  type SandboxUser,
  type SelectInput,
  type UserRef,
} from './discord-sandbox.js';
export {
  DEFAULT_CHANNELS,
  type ChannelSeed,
  type PermissionOverwrite,
  type SandboxGuild,
  type SandboxComponent,
} from './world.js';
export type { SandboxAttachment } from './attachments.js';
export type { GatewaySession } from './gateway.js';
export type { RateLimitOptions } from './rate-limits.js';
export {
  parseRestLatency,
  type InvalidRequests,
  type LoggedRequest,
  type RejectedRequest,
  type RestLatency,
  type RestStats,
} from './rest-server.js';
export { runTerminal, type TerminalOptions } from './terminal.js';
export { renderMessage, summarizeMessage, type RenderContext } from './transcript.js';
export { BOT_DEFAULT_PERMISSIONS, EVERYONE_DEFAULT_PERMISSIONS } from './permissions.js';
