/** A mistake a member can make: a stable code for logs and tests, and the words they will read. */
export interface MemberError {
  readonly code: string;
  readonly message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: MemberError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (code: string, message: string): { ok: false; error: MemberError } => ({
  ok: false,
  error: { code, message },
});
