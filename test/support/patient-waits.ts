import { vi } from 'vitest';

/**
 * vi.waitFor gives up after 1 s of wall time, which a busy machine can spend before the bot answers.
 * A wait still ends as soon as its condition holds; a call that names its own timeout keeps it.
 */
const patientTimeoutMs = 15_000;
const waitFor = vi.waitFor.bind(vi);
vi.waitFor = ((callback, options) =>
  waitFor(
    callback,
    typeof options === 'number' ? options : { timeout: patientTimeoutMs, ...options },
  )) as typeof vi.waitFor;
