/** A kernel outcome: invalid input is a value, never a thrown exception (docs/ARCHITECTURE.md, kernel rule 3). */
export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** The successful outcome carrying `value`. */
export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

/** The failed outcome carrying `error` (Core's reason, message or ScriptError name). */
export function err<E>(error: E): Result<never, E> {
  return { ok: false, error };
}
