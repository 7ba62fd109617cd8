import { destination, pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs, to standard output unless another file descriptor is given (the sandbox uses stderr). */
export function createLogger(level: string, fileDescriptor = 1): Logger {
  return pino({ level, base: undefined }, destination(fileDescriptor));
}

export const silentLogger: Logger = pino({ level: 'silent' });
