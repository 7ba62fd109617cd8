import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { usage } from './command-options.js';
import type { DiscordSandbox } from './discord-sandbox.js';
import type { InteractionHandle } from './interactions.js';
import type { MessageChange } from './messages.js';
import { type RenderContext, renderMessage } from './transcript.js';
import {
  ChannelKind,
  type SandboxChannel,
  type SandboxGuild,
  type SandboxMessage,
  type SandboxUser,
} from './world.js';

export interface TerminalOptions {
  sandbox: DiscordSandbox;
  guild: SandboxGuild;
  /** The members a person can act as; the first one starts. */
  members: SandboxUser[];
  input: Readable;
  output: Writable;
  /** A person at a prompt (true) or a script on standard input (false). */
  interactive: boolean;
  /** How long to wait for the bot's answer to each line. */
  replyTimeoutMs?: number;
  /** In script mode, how long the bot must stay silent before the next line runs. */
  quietMs?: number;
  timeZone?: string;
  /** A command line that help shows as an example of the bot's commands. */
  example?: string;
}

const HELP = `  as <member>          act as another member
  in <channel>         run commands in another text channel
  click <label>        press the button with that label on the latest message that has it
  voice join <channel> join a voice channel (the first one if unnamed); voice leave to leave it
  wait <time>          let time pass, e.g. wait 5s, wait 500ms
  commands             list the bot's commands
  help, quit`;

/** A terminal client for the sandbox: read lines, act as members, print what the bot posts. */
export async function runTerminal(options: TerminalOptions): Promise<void> {
  const session = new TerminalSession(options);
  return session.run();
}

class TerminalSession {
  private member: SandboxUser;
  private channel: SandboxChannel;
  private lastActivity = Date.now();
  private readonly render: RenderContext;
  private atPrompt = false;
  private prompt: ((keepTyping?: boolean) => void) | null = null;

  constructor(private readonly options: TerminalOptions) {
    const first = options.members[0];
    if (!first) throw new Error('the terminal needs at least one member to act as');
    this.member = first;
    const text = [...options.guild.channels.values()].find((channel) => channel.type === ChannelKind.text);
    if (!text) throw new Error(`guild ${options.guild.name} has no text channel`);
    this.channel = text;
    this.render = {
      ...options.sandbox.renderContext(),
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      // The member acted as is the one watching: their client knows them and what each message carries.
      viewerKnows: (id) => id === this.member.id,
    };
  }

  async run(): Promise<void> {
    const { sandbox, input, output, interactive } = this.options;
    const stopMessages = sandbox.on('message', (message, change) => this.show(message, change));
    const stopChannels = sandbox.on('channel', (channel, change) => {
      if (channel.guildId === this.options.guild.id && change !== 'updated') {
        this.print(`(${change} #${channel.name})`);
      }
    });
    const lines = createInterface({
      input,
      ...(interactive ? { output, terminal: true } : {}),
      crlfDelay: Infinity,
    });
    // keepTyping redraws the prompt with whatever the person had typed so far.
    this.prompt = (keepTyping = false) => {
      lines.setPrompt(`${this.member.username}> `);
      lines.prompt(keepTyping);
      this.atPrompt = true;
    };
    try {
      if (interactive) {
        this.print(`${this.options.sandbox.botUser.username} sandbox. Type help for what you can do.`);
        this.prompt();
      }
      for await (const raw of lines) {
        this.atPrompt = false;
        const line = raw.trim();
        if (!interactive && line && !line.startsWith('#')) output.write(`${this.member.username}> ${line}\n`);
        if (line === 'quit' || line === 'exit') break;
        await this.handle(line);
        if (interactive) this.prompt();
      }
    } finally {
      stopMessages();
      stopChannels();
      lines.close();
    }
  }

  private async handle(line: string): Promise<void> {
    if (!line || line.startsWith('#')) return;
    const [word = '', ...rest] = line.split(/\s+/);
    const argument = rest.join(' ');
    try {
      if (line.startsWith('/')) {
        return await this.settle(this.options.sandbox.runCommandLine(line, this.place()));
      }
      switch (word.toLowerCase()) {
        case 'help':
          return this.print(this.help());
        case 'commands':
          return this.print(this.commandList());
        case 'as':
          return this.switchMember(argument);
        case 'in':
          this.channel = this.options.guild.channel(argument);
          return this.print(`now in #${this.channel.name}`);
        case 'click':
          return await this.settle(this.click(argument));
        case 'voice':
          return await this.voice(rest);
        case 'wait':
          return await sleep(parseDuration(argument));
        default:
          return this.print(`I don't understand "${line}". Type help.`);
      }
    } catch (error) {
      this.print(`! ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private place() {
    return { guild: this.options.guild, channel: this.channel, user: this.member };
  }

  private switchMember(name: string) {
    const wanted = name.replace(/^@/, '').toLowerCase();
    const found = this.options.members.find(
      (member) => member.username.toLowerCase() === wanted || member.globalName?.toLowerCase() === wanted,
    );
    if (!found) {
      return this.print(
        `no member "${name}" (members: ${this.options.members.map((member) => member.username).join(', ')})`,
      );
    }
    this.member = found;
    this.print(`now acting as ${found.username}`);
  }

  private click(label: string): InteractionHandle {
    const { sandbox } = this.options;
    const wanted = label.toLowerCase();
    const candidates = sandbox
      .messages()
      .filter((message) => !message.ephemeral || message.interaction?.userId === this.member.id)
      .filter((message) => hasButton(message, wanted))
      .sort((a, b) => b.createdAt - a.createdAt);
    const message = candidates[0];
    if (!message) throw new Error(`no message has a button "${label}"`);
    return sandbox.clickButton({ message, label, user: this.member });
  }

  private async voice([action = '', ...name]: string[]) {
    const { sandbox, guild } = this.options;
    if (action === 'leave') {
      sandbox.leaveVoice(this.member, guild);
      return this.print(`${this.member.username} left voice`);
    }
    if (action !== 'join') return this.print('use: voice join <channel> or voice leave');
    const channel = name.length > 0 ? guild.channel(name.join(' ')) : this.firstVoiceChannel();
    sandbox.joinVoice(this.member, guild, channel);
    this.print(`${this.member.username} joined voice #${channel.name}`);
    await this.quiet();
  }

  // Waits for the bot's answer, then (in script mode) for follow-up posts to stop arriving.
  private async settle(handle: InteractionHandle) {
    try {
      await handle.response(this.options.replyTimeoutMs ?? 5000);
    } catch (error) {
      this.print(`! ${error instanceof Error ? error.message : String(error)}`);
    }
    await this.quiet();
  }

  private async quiet() {
    if (this.options.interactive) return;
    const quietMs = this.options.quietMs ?? 300;
    const deadline = Date.now() + 10_000;
    this.lastActivity = Math.max(this.lastActivity, Date.now());
    while (Date.now() - this.lastActivity < quietMs && Date.now() < deadline) {
      await sleep(Math.max(10, quietMs - (Date.now() - this.lastActivity)));
    }
  }

  private show(message: SandboxMessage, change: MessageChange) {
    if (message.author.id !== this.options.sandbox.botUser.id) return;
    const inGuild = message.guildId === this.options.guild.id;
    const dmToMember =
      message.guildId === null && this.options.members.some((member) => this.isDmWith(message, member));
    if (!inGuild && !dmToMember) return;
    this.lastActivity = Date.now();
    if (change === 'deleted') {
      return this.print(`(deleted a message in #${this.render.channelName(message.channelId) ?? '?'})`);
    }
    this.print(renderMessage(message, this.render, { edited: change === 'edited' }));
  }

  private isDmWith(message: SandboxMessage, member: SandboxUser) {
    return this.options.sandbox.messagesFor(member).includes(message);
  }

  private firstVoiceChannel(): SandboxChannel {
    const { guild } = this.options;
    const voice = [...guild.channels.values()].find((channel) => channel.type === ChannelKind.voice);
    if (!voice) throw new Error(`guild ${guild.name} has no voice channel`);
    return voice;
  }

  private help(): string {
    const example = this.options.example ?? '/ping';
    return `Type a slash command as in Discord, e.g. ${example}.\n${HELP}`;
  }

  private commandList(): string {
    const commands = this.options.sandbox.registeredCommands(this.options.guild.id);
    if (commands.length === 0) return 'the bot has not registered any commands yet';
    return commands
      .filter((command) => command.type === 1)
      .map((command) => `${usage(command)}${command.description ? `   ${command.description}` : ''}`)
      .join('\n');
  }

  private print(text: string) {
    const { output, interactive } = this.options;
    if (interactive && this.atPrompt) {
      output.write(`\r\x1b[K${text}\n`);
      this.prompt?.(true);
    } else output.write(`${text}\n`);
  }
}

function hasButton(message: SandboxMessage, label: string): boolean {
  const stack = [...message.components];
  while (stack.length > 0) {
    const component = stack.pop();
    if (component?.type === 2 && !component.disabled && component.label?.toLowerCase() === label) return true;
    stack.push(...(component?.components ?? []));
  }
  return false;
}

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min)?$/i.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration like 5s or 500ms`);
  const amount = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  return unit === 'ms' ? amount : unit === 's' ? amount * 1000 : amount * 60_000;
}
