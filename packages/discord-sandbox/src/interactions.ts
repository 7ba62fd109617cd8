import type { SandboxMessage } from './world.js';

export interface AutocompleteChoice {
  name: string;
  value: string | number;
}

export const InteractionType = { command: 2, component: 3, autocomplete: 4, modalSubmit: 5 } as const;

/** Callback types each interaction type accepts (Discord's interaction response reference). */
export const ALLOWED_CALLBACKS: Record<number, number[]> = {
  [InteractionType.command]: [4, 5, 9],
  [InteractionType.component]: [4, 5, 6, 7, 9],
  [InteractionType.autocomplete]: [8],
  [InteractionType.modalSubmit]: [4, 5, 6, 7],
};

/** What the sandbox knows about one interaction while the bot answers it. */
export class PendingInteraction {
  callbackType: number | null = null;
  callbackAt: number | null = null;
  /** The message behind @original: the reply, or the message a component sits on. */
  original: SandboxMessage | null = null;
  readonly followUps: SandboxMessage[] = [];
  /** The first thing a member would see: the reply, the updated message, or the first follow-up after a deferral. */
  visible: SandboxMessage | null = null;
  choices: AutocompleteChoice[] | null = null;
  modal: unknown = null;
  /** Requests about this interaction that Discord refused, in words. */
  readonly problems: string[] = [];
  /** Set when no answer can come any more (a callback after the deadline). */
  fatal: string | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly id: string,
    readonly token: string,
    readonly type: number,
    /** How a person would name it: "/log", "button Join". */
    readonly label: string,
    readonly createdAt: number,
    readonly userId: string,
    readonly channelId: string,
    readonly guildId: string | null,
    readonly commandName: string,
    readonly componentMessage: SandboxMessage | null = null,
  ) {}

  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  owns(message: SandboxMessage): boolean {
    return message === this.original || this.followUps.includes(message);
  }
}

export class InteractionRegistry {
  private readonly byToken = new Map<string, PendingInteraction>();

  constructor(private readonly tokenLifetimeMs: number) {}

  add(pending: PendingInteraction): void {
    if (this.byToken.size > 5000) {
      // Oldest first (a Map keeps insertion order), so the sweep stops at the first one still valid.
      for (const [token, old] of this.byToken) {
        if (pending.createdAt - old.createdAt <= this.tokenLifetimeMs) break;
        this.byToken.delete(token);
      }
    }
    this.byToken.set(pending.token, pending);
  }

  get(token: string): PendingInteraction | undefined {
    return this.byToken.get(token);
  }
}

/** What a test or the terminal holds after acting as a member. */
export class InteractionHandle {
  constructor(
    private readonly pending: PendingInteraction,
    private readonly defaultTimeoutMs: number,
  ) {}

  get id(): string {
    return this.pending.id;
  }

  get token(): string {
    return this.pending.token;
  }

  get label(): string {
    return this.pending.label;
  }

  /** The callback type the bot answered with (4 reply, 5 defer, 6 deferred update, 7 update, 8 choices, 9 modal). */
  get callbackType(): number | null {
    return this.pending.callbackType;
  }

  get deferred(): boolean {
    return this.pending.callbackType === 5 || this.pending.callbackType === 6;
  }

  /** The message behind @original, once there is one. */
  get original(): SandboxMessage | null {
    return this.pending.original;
  }

  get followUps(): readonly SandboxMessage[] {
    return this.pending.followUps;
  }

  get modal(): unknown {
    return this.pending.modal;
  }

  get problems(): readonly string[] {
    return this.pending.problems;
  }

  /** The first visible answer: a message, or the autocomplete choices. */
  response(timeoutMs = this.defaultTimeoutMs): Promise<SandboxMessage | AutocompleteChoice[]> {
    return this.waitFor(() => this.pending.visible ?? this.pending.choices ?? undefined, timeoutMs, 'reply');
  }

  reply(timeoutMs = this.defaultTimeoutMs): Promise<SandboxMessage> {
    return this.waitFor(() => this.pending.visible ?? undefined, timeoutMs, 'reply');
  }

  choices(timeoutMs = this.defaultTimeoutMs): Promise<AutocompleteChoice[]> {
    return this.waitFor(() => this.pending.choices ?? undefined, timeoutMs, 'autocomplete choices');
  }

  /** The n-th follow-up (0 = first). */
  followUp(index = 0, timeoutMs = this.defaultTimeoutMs): Promise<SandboxMessage> {
    return this.waitFor(() => this.pending.followUps[index], timeoutMs, `follow-up #${index + 1}`);
  }

  /** Resolves with the callback type as soon as the bot acknowledges. */
  acknowledged(timeoutMs = this.defaultTimeoutMs): Promise<number> {
    return this.waitFor(() => this.pending.callbackType ?? undefined, timeoutMs, 'acknowledgement');
  }

  private waitFor<T>(pick: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = pick();
        if (value !== undefined) finish(() => resolve(value));
        else if (this.pending.fatal) {
          finish(() => reject(new Error(this.explain(what, this.pending.fatal ?? ''))));
        }
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(this.explain(what, `within ${timeoutMs} ms`)))),
        timeoutMs,
      );
      const stop = this.pending.onChange(check);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        stop();
        settle();
      };
      check();
    });
  }

  private explain(what: string, reason: string): string {
    const p = this.pending;
    const lines = [`no ${what} to ${p.label} ${reason}`];
    if (p.callbackType === null) lines.push('the bot never acknowledged the interaction');
    else if (p.callbackType === 5 || p.callbackType === 6) {
      lines.push('the bot deferred but never edited the reply or sent a follow-up');
    } else if (p.callbackType === 9) lines.push('the bot answered with a modal');
    for (const problem of p.problems) lines.push(`refused: ${problem}`);
    return lines.join('\n  ');
  }
}
