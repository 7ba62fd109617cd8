import { findGuild, type SandboxContext } from '../context.js';
import { channelJson, guildCreateJson, memberJson, roleJson } from '../payloads.js';
import { DiscordError, type Route } from '../rest-server.js';

export function guildRoutes(ctx: SandboxContext): Route[] {
  const { world } = ctx;
  return [
    {
      method: 'GET',
      path: '/guilds/:guild',
      handle: ({ params }) => {
        const {
          channels: _channels,
          members: _members,
          voice_states: _voice,
          threads: _threads,
          ...guild
        } = guildCreateJson(world, findGuild(ctx, params.guild));
        return { status: 200, body: guild };
      },
    },
    {
      method: 'GET',
      path: '/guilds/:guild/channels',
      handle: ({ params }) => {
        const guild = findGuild(ctx, params.guild);
        const channels = [...guild.channels.values()].filter((channel) => !world.isThread(channel));
        return { status: 200, body: channels.map((channel) => channelJson(world, channel)) };
      },
    },
    {
      method: 'GET',
      path: '/guilds/:guild/roles',
      handle: ({ params }) => ({
        status: 200,
        body: [...findGuild(ctx, params.guild).roles.values()].map(roleJson),
      }),
    },
    {
      method: 'GET',
      path: '/guilds/:guild/members/:user',
      handle: ({ params }) => {
        const guild = findGuild(ctx, params.guild);
        const member = guild.members.get(params.user ?? '');
        if (!member) throw new DiscordError(404, 10007, 'Unknown Member');
        return { status: 200, body: memberJson(world, member) };
      },
    },
  ];
}
