import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';

/** Align's own logger (its serializers and redaction), writing into lines the test reads. */
export function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('debug', stream), lines };
}
