import { destination, pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs, to standard output unless another file descriptor is given (the sandbox uses stderr). */
export function createLogger(level: string, fileDescriptor = 1): Logger {
  return pino({ level, base: undefined }, destination(fileDescriptor));
}

export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * Runs work nobody waits for (a timer's sweep, a gateway event's write): its failure is logged once, as
 * `failed` with `facts`, and the promise returned never rejects, so no background failure goes unseen or
 * takes the process down as an unhandled rejection.
 */
export function runInBackground(
  logger: Logger,
  failed: string,
  work: () => Promise<unknown>,
  { level = 'error', ...facts }: { level?: 'warn' | 'error'; [fact: string]: unknown } = {},
): Promise<void> {
  return Promise.resolve()
    .then(work)
    .then(
      () => undefined,
      (error: unknown) => {
        logger[level]({ err: error, ...facts }, failed);
      },
    );
}
