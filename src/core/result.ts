/**
 * A mistake a member can make, as a value: a stable code (for logs, tests and metrics) and the facts
 * its text needs. Each feature lists its own in a catalogue (`core/<feature>.errors.ts`): a union of
 * its errors and one text for each code.
 */
export interface MemberError {
  readonly code: string;
}

export type Result<T, E extends MemberError = MemberError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const err = <const E extends MemberError>(error: E): { ok: false; error: E } => ({ ok: false, error });

/**
 * How a text names things that each surface shows its own way: Discord gets `<#id>` mentions, a web
 * page or a log something else. Services and core never write Discord markup themselves.
 */
export interface Markup {
  channel(id: string): string;
}

/** One text per code of a feature's errors, typed so that a code without a text fails to compile. */
export type ErrorTexts<E extends MemberError> = {
  [C in E['code']]: (error: Extract<E, { code: C }>, markup: Markup) => string;
};
