import { REST } from 'discord.js';
import { config as loadDotenv } from 'dotenv';
import { loadConfig } from './config.js';
import { registerCommands } from './discord/register-commands.js';

loadDotenv({ quiet: true });
const config = loadConfig(process.env);
if (!config.discordToken || !config.applicationId) {
  console.error('Registering commands needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (see README).');
  process.exit(1);
}
const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(
  config.discordToken,
);
await registerCommands({ rest, applicationId: config.applicationId, guildId: config.devGuildId });
console.log(
  config.devGuildId ? `Commands registered to guild ${config.devGuildId}.` : 'Commands registered globally.',
);
