import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noDiscordJs = {
  group: ['discord.js', '@discordjs/*'],
  message: 'discord.js stays at the edge, in src/discord.',
};
/** Any path into src/discord, however it is reached. */
const noDiscordEdge = {
  group: ['../discord', '../discord/*', '**/discord/**', '**/src/discord'],
  message:
    'Only the edge talks to Discord; a layer that needs Discord declares a port and src/discord implements it.',
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'drizzle', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The core holds pure rules: it never reaches out to Discord, the database, timers or the environment.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'node-cron',
              // Its parser and validator are pure functions; its scheduler (timers) is not.
              allowImportNames: ['parse', 'validate'],
              message:
                'src/core may use node-cron’s pure parse and validate only; scheduling is src/scheduler’s.',
            },
          ],
          patterns: [
            noDiscordJs,
            {
              group: ['drizzle-orm', 'drizzle-orm/*', 'postgres', '@electric-sql/*'],
              message: 'src/core does no I/O.',
            },
            { group: ['node-cron/*', 'dotenv', 'pino'], message: 'src/core does no I/O.' },
            { group: ['../*'], message: 'src/core imports nothing outside src/core.' },
          ],
        },
      ],
    },
  },
  {
    // Use cases know Discord only through the ports they declare, and are called by the scheduler, never call it.
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noDiscordJs,
            noDiscordEdge,
            {
              group: ['../scheduler', '../scheduler/*', '**/scheduler/**', '**/src/scheduler'],
              message: 'The scheduler calls use cases; a use case never reaches into src/scheduler.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/scheduler/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noDiscordJs, noDiscordEdge] }] },
  },
  {
    // What every layer may import, so it depends on none of them.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../*'], message: 'src/shared imports nothing outside src/shared.' }] },
      ],
    },
  },
);
