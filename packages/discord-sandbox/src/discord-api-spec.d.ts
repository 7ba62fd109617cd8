// The package points its "types" at a JavaScript file, so TypeScript needs these few names spelled out.
declare module 'discord-api-spec/zod' {
  import type { ZodMiniObject } from 'zod/mini';

  export const ApplicationCommandAutocompleteCallbackRequestSchema: ZodMiniObject;
  export const ApplicationCommandCreateRequestSchema: ZodMiniObject;
  export const ChannelPermissionOverwriteRequestSchema: ZodMiniObject;
  export const CreateGuildChannelRequestSchema: ZodMiniObject;
  export const CreateMessageInteractionCallbackRequestSchema: ZodMiniObject;
  export const CreatePrivateChannelRequestSchema: ZodMiniObject;
  export const CreateTextThreadWithMessageRequestSchema: ZodMiniObject;
  export const CreateTextThreadWithoutMessageRequestSchema: ZodMiniObject;
  export const IncomingWebhookRequestPartialSchema: ZodMiniObject;
  export const IncomingWebhookUpdateRequestPartialSchema: ZodMiniObject;
  export const MessageCreateRequestSchema: ZodMiniObject;
  export const MessageEditRequestPartialSchema: ZodMiniObject;
  export const ModalInteractionCallbackRequestSchema: ZodMiniObject;
  export const PongInteractionCallbackRequestSchema: ZodMiniObject;
  export const UpdateGuildChannelRequestPartialSchema: ZodMiniObject;
  export const UpdateMessageInteractionCallbackRequestSchema: ZodMiniObject;
  export const UpdateThreadRequestPartialSchema: ZodMiniObject;

  // Answers, used by the tests to check the sandbox replies in Discord's shapes.
  export const ApplicationCommandResponseSchema: ZodMiniObject;
  export const GatewayBotResponseSchema: ZodMiniObject;
  export const GuildChannelResponseSchema: ZodMiniObject;
  export const GuildMemberResponseSchema: ZodMiniObject;
  export const GuildResponseSchema: ZodMiniObject;
  export const InteractionCallbackResponseSchema: ZodMiniObject;
  export const MessageResponseSchema: ZodMiniObject;
  export const PrivateChannelResponseSchema: ZodMiniObject;
  export const ThreadResponseSchema: ZodMiniObject;
  export const UserResponseSchema: ZodMiniObject;
}
