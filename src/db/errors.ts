/**
 * Failures that mean the database could not be reached or gave up, rather than a bug: the driver's
 * own connection errors, socket errors, and PostgreSQL's connection, shutdown and cancel classes
 * (a statement timeout is 57014). Drizzle wraps driver errors, so the whole cause chain is looked at.
 */
const driverCodes = new Set([
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);

const isPostgresUnavailableCode = (code: string) =>
  code.startsWith('08') || code.startsWith('57P') || code === '57014' || code === '53300';

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (driverCodes.has(code) || isPostgresUnavailableCode(code))) return true;
    current = current.cause;
  }
  return false;
}

/**
 * Whether PostgreSQL refused a write for breaking a unique index (23505), which is how the database settles
 * a race two writers ran (two holds opened in one channel at once). Drizzle wraps driver errors, so the
 * cause chain is looked at.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (
    let current = error, depth = 0;
    typeof current === 'object' && current !== null && depth < 5;
    depth++
  ) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
