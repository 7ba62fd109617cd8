import type { SandboxCommand } from '../commands.js';
import { findGuild, type SandboxContext } from '../context.js';
import { channelJson, userJson } from '../payloads.js';
import { DiscordError, InvalidBody, type Route, validate } from '../rest-server.js';
import { APPLICATION_ID } from '../snowflakes.js';
import { asRecord } from '../validation.js';

type CommandBody = Parameters<SandboxContext['commands']['overwrite']>[0][number];

export function applicationRoutes(ctx: SandboxContext): Route[] {
  const { world, commands } = ctx;
  const application = () => ({
    id: APPLICATION_ID,
    name: world.botUser.username,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    hook: true,
    tags: [],
    owner: userJson([...world.users.values()].find((user) => !user.bot) ?? world.botUser),
    team: null,
    bot: userJson(world.botUser),
    approximate_guild_count: world.guilds.size,
    interactions_endpoint_url: null,
    redirect_uris: [],
  });
  const checkApp = (app: string | undefined) => {
    if (app !== APPLICATION_ID) throw new DiscordError(404, 10002, 'Unknown Application');
  };
  const guildScope = (params: Record<string, string>) => {
    checkApp(params.app);
    return params.guild ? findGuild(ctx, params.guild).id : undefined;
  };
  const findCommand = (params: Record<string, string>): SandboxCommand => {
    const found = commands.list(guildScope(params)).find((command) => command.id === params.command);
    if (!found) throw new DiscordError(404, 10063, 'Unknown application command');
    return found;
  };

  /**
   * "Guild commands don't support the BOT_DM interaction context" (docs/interactions/application-commands.mdx);
   * the docs do not say whether Discord ignores or refuses it, so the stricter reading: refused, as is a
   * private-channel context, which only user-installed (global) commands can have.
   */
  const checkGuildContexts = (guildId: string | undefined, bodies: unknown[], indexed: boolean) => {
    if (!guildId) return;
    const errors: Record<string, unknown> = {};
    bodies.forEach((body, index) => {
      const contexts = asRecord(body).contexts;
      if (!Array.isArray(contexts) || contexts.every((context) => context === 0)) return;
      const problem = {
        contexts: {
          _errors: [
            {
              code: 'APPLICATION_COMMAND_INVALID_CONTEXTS',
              message: "Guild commands don't support the BOT_DM interaction context",
            },
          ],
        },
      };
      if (indexed) errors[String(index)] = problem;
      else Object.assign(errors, problem);
    });
    if (Object.keys(errors).length > 0) {
      throw new InvalidBody({ code: 50035, message: 'Invalid Form Body', errors });
    }
  };

  const commandRoutes = (base: string): Route[] => [
    {
      method: 'GET',
      path: base,
      handle: ({ params }) => ({ status: 200, body: commands.list(guildScope(params)) }),
    },
    {
      method: 'PUT',
      path: base,
      handle: ({ params, body }) => {
        const guildId = guildScope(params);
        validate('commands.bulk', body);
        checkGuildContexts(guildId, body as unknown[], true);
        return { status: 200, body: commands.overwrite(body as CommandBody[], guildId) };
      },
    },
    {
      method: 'POST',
      path: base,
      handle: ({ params, body }) => {
        const guildId = guildScope(params);
        validate('command.create', body);
        checkGuildContexts(guildId, [body], false);
        return { status: 201, body: commands.upsert(body as CommandBody, guildId) };
      },
    },
    {
      method: 'GET',
      path: `${base}/:command`,
      handle: ({ params }) => ({ status: 200, body: findCommand(params) }),
    },
    {
      method: 'PATCH',
      path: `${base}/:command`,
      handle: ({ params, body }) => {
        const existing = findCommand(params);
        const merged = { ...existing, ...asRecord(body) } as CommandBody;
        validate('command.create', merged);
        checkGuildContexts(guildScope(params), [merged], false);
        return { status: 200, body: commands.upsert(merged, guildScope(params)) };
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:command`,
      handle: ({ params }) => {
        findCommand(params);
        commands.remove(params.command ?? '', guildScope(params));
        return { status: 204 };
      },
    },
  ];

  return [
    {
      method: 'GET',
      path: '/gateway/bot',
      handle: () => ({
        status: 200,
        body: {
          url: ctx.settings.gatewayUrl(),
          shards: ctx.settings.shards,
          session_start_limit: {
            total: 1000,
            remaining: Math.max(0, 1000 - ctx.gateway.identifies.length),
            reset_after: 86_400_000,
            max_concurrency: ctx.settings.maxConcurrency,
          },
        },
      }),
    },
    {
      method: 'GET',
      path: '/gateway',
      bot: false,
      handle: () => ({ status: 200, body: { url: ctx.settings.gatewayUrl() } }),
    },
    {
      method: 'GET',
      path: '/users/@me',
      handle: () => ({
        status: 200,
        body: { ...userJson(world.botUser), verified: true, mfa_enabled: false, flags: 0 },
      }),
    },
    {
      method: 'POST',
      path: '/users/@me/channels',
      handle: ({ body }) => {
        validate('dm.create', body);
        const recipientId = asRecord(body).recipient_id;
        const user = typeof recipientId === 'string' ? world.users.get(recipientId) : undefined;
        if (!user) throw new DiscordError(404, 10013, 'Unknown User');
        return { status: 200, body: channelJson(world, world.dmChannel(user)) };
      },
    },
    {
      method: 'GET',
      path: '/users/:user',
      handle: ({ params }) => {
        const user = world.users.get(params.user ?? '');
        if (!user) throw new DiscordError(404, 10013, 'Unknown User');
        return { status: 200, body: userJson(user) };
      },
    },
    { method: 'GET', path: '/applications/@me', handle: () => ({ status: 200, body: application() }) },
    { method: 'GET', path: '/oauth2/applications/@me', handle: () => ({ status: 200, body: application() }) },
    ...commandRoutes('/applications/:app/commands'),
    ...commandRoutes('/applications/:app/guilds/:guild/commands'),
  ];
}
