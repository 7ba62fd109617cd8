import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isUniqueViolation } from '../../src/db/errors.js';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each(['CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'ECONNREFUSED', '57P01', '08006', '57014'])(
    'knows %s as the database being away or giving up',
    (code) => expect(isDatabaseUnavailable(withCode(code))).toBe(true),
  );

  it('looks through the errors Drizzle wraps around the driver’s', () => {
    const wrapped = new Error('Failed query: insert …', { cause: withCode('CONNECTION_DESTROYED') });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });

  it('treats bugs and constraint violations as faults, not outages', () => {
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(withCode('23505', 'duplicate key'))).toBe(false);
    expect(isDatabaseUnavailable('nope')).toBe(false);
  });
});

describe('isUniqueViolation', () => {
  it('knows 23505, also inside the errors Drizzle wraps around the driver’s', () => {
    expect(isUniqueViolation(withCode('23505', 'duplicate key'))).toBe(true);
    expect(isUniqueViolation(new Error('Failed query', { cause: withCode('23505') }))).toBe(true);
    expect(isUniqueViolation(withCode('23503', 'foreign key'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});
