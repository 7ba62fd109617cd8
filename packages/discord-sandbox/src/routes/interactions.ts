import { resolveAttachments } from '../attachments.js';
import { findChannel, type SandboxContext } from '../context.js';
import {
  ALLOWED_CALLBACKS,
  type AutocompleteChoice,
  InteractionType,
  type PendingInteraction,
} from '../interactions.js';
import type { MessageBody } from '../messages.js';
import { messageJson } from '../payloads.js';
import { DiscordError, InvalidBody, type RestRequest, type Route, validate } from '../rest-server.js';
import { APPLICATION_ID } from '../snowflakes.js';
import { asRecord } from '../validation.js';
import type { SandboxMessage } from '../world.js';

const EPHEMERAL = 64;
const LOADING = 128;

export function interactionRoutes(ctx: SandboxContext): Route[] {
  const { world, messages, now } = ctx;

  const origin = (pending: PendingInteraction) => ({
    webhookId: APPLICATION_ID,
    type: pending.type === InteractionType.command ? 20 : 19,
    interaction: { id: pending.id, type: pending.type, name: pending.commandName, userId: pending.userId },
  });

  const callback = ({ params, query, body, files }: RestRequest) => {
    const pending = ctx.interactions.get(params.token ?? '');
    if (!pending || pending.id !== params.interaction) {
      throw new DiscordError(404, 10062, 'Unknown interaction');
    }
    if (pending.callbackType !== null) {
      throw new DiscordError(400, 40060, 'Interaction has already been acknowledged.');
    }
    const waited = now() - pending.createdAt;
    if (waited > ctx.settings.interactionDeadlineMs) {
      pending.fatal = `the bot answered after ${waited} ms, past Discord's ${ctx.settings.interactionDeadlineMs} ms deadline (10062 Unknown interaction)`;
      pending.changed();
      throw new DiscordError(404, 10062, 'Unknown interaction');
    }
    validate('interaction.callback', body);
    const request = asRecord(body);
    const type = request.type as number;
    const data = asRecord(request.data) as MessageBody & { choices?: AutocompleteChoice[] };
    if (!(ALLOWED_CALLBACKS[pending.type] ?? []).includes(type)) {
      const message = `Callback type ${type} is not valid for this interaction`;
      throw new InvalidBody({
        code: 50035,
        message: 'Invalid Form Body',
        errors: { type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message }] } },
      });
    }
    const channel = findChannel(ctx, pending.channelId);
    let resource: SandboxMessage | null = null;
    switch (type) {
      case 4:
        resource = messages.create(
          channel,
          { ...data, nonce: null, files: resolveAttachments(data, files, ctx.nextId) },
          origin(pending),
        );
        pending.original = resource;
        pending.visible = resource;
        break;
      case 5:
        resource = messages.create(
          channel,
          { flags: (data.flags ?? 0) & EPHEMERAL },
          origin(pending),
          LOADING,
        );
        pending.original = resource;
        break;
      case 6:
        pending.original = pending.componentMessage;
        break;
      case 7:
        if (pending.componentMessage) {
          const attached = pending.componentMessage.attachments;
          resource = messages.edit(pending.componentMessage, {
            ...data,
            files: resolveAttachments(data, files, ctx.nextId, attached),
          });
          pending.original = resource;
          pending.visible = resource;
        }
        break;
      case 8:
        pending.choices = data.choices ?? [];
        break;
      case 9:
        pending.modal = data;
        break;
    }
    pending.callbackType = type;
    pending.callbackAt = now();
    pending.changed();
    if (query.get('with_response') !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: pending.id,
          type: pending.type,
          response_message_id: resource?.id,
          response_message_loading: type === 5,
          response_message_ephemeral: resource?.ephemeral ?? false,
        },
        resource: { type, ...(resource ? { message: messageJson(world, resource) } : {}) },
      },
    };
  };

  const webhookInteraction = (params: Record<string, string>): PendingInteraction => {
    const pending = params.app === APPLICATION_ID ? ctx.interactions.get(params.token ?? '') : undefined;
    if (!pending) throw new DiscordError(404, 10015, 'Unknown Webhook');
    if (now() - pending.createdAt > ctx.settings.tokenLifetimeMs) {
      throw new DiscordError(401, 50027, 'Invalid Webhook Token');
    }
    return pending;
  };

  const webhookMessage = (pending: PendingInteraction, id: string | undefined): SandboxMessage => {
    const message =
      id === '@original' ? pending.original : pending.followUps.find((followUp) => followUp.id === id);
    if (!message || message.deleted) throw new DiscordError(404, 10008, 'Unknown Message');
    return message;
  };

  return [
    { method: 'POST', path: '/interactions/:interaction/:token/callback', bot: false, handle: callback },
    {
      method: 'POST',
      path: '/webhooks/:app/:token',
      bot: false,
      handle: ({ params, query, body, files }) => {
        const pending = webhookInteraction(params);
        if (pending.callbackType === null) throw new DiscordError(404, 10015, 'Unknown Webhook');
        validate('webhook.execute', body);
        const data = asRecord(body) as MessageBody;
        const loading =
          pending.callbackType === 5 &&
          pending.original &&
          !pending.original.deleted &&
          pending.original.flags & LOADING;
        // The first follow-up after a deferred reply (type 5) that was never edited takes the place of the
        // "thinking…" message, with the defer's flags: its own ephemeral flag is ignored
        // (docs/interactions/receiving-and-responding.mdx, "Create Followup Message").
        const message =
          loading && pending.original
            ? messages.edit(pending.original, { ...data, files: resolveAttachments(body, files, ctx.nextId) })
            : messages.create(
                findChannel(ctx, pending.channelId),
                { ...data, nonce: null, files: resolveAttachments(body, files, ctx.nextId) },
                origin(pending),
              );
        pending.followUps.push(message);
        pending.visible ??= message;
        pending.changed();
        return query.get('wait') === 'true'
          ? { status: 200, body: messageJson(world, message) }
          : { status: 204 };
      },
    },
    {
      method: 'GET',
      path: '/webhooks/:app/:token/messages/:message',
      bot: false,
      handle: ({ params }) => ({
        status: 200,
        body: messageJson(world, webhookMessage(webhookInteraction(params), params.message)),
      }),
    },
    {
      method: 'PATCH',
      path: '/webhooks/:app/:token/messages/:message',
      bot: false,
      handle: ({ params, body, files }) => {
        const pending = webhookInteraction(params);
        const message = webhookMessage(pending, params.message);
        validate('webhook.edit', body);
        messages.edit(message, {
          ...(asRecord(body) as MessageBody),
          files: resolveAttachments(body, files, ctx.nextId, message.attachments),
        });
        if (message === pending.original) pending.visible ??= message;
        pending.changed();
        return { status: 200, body: messageJson(world, message) };
      },
    },
    {
      method: 'DELETE',
      path: '/webhooks/:app/:token/messages/:message',
      bot: false,
      handle: ({ params }) => {
        const pending = webhookInteraction(params);
        messages.delete(webhookMessage(pending, params.message));
        pending.changed();
        return { status: 204 };
      },
    },
  ];
}
