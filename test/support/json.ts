/**
 * Typed JSON for tests: `JSON.parse` returns `any`, which lets any mistake through unchecked.
 * These give `unknown` or a type the caller states, so the test's own assertions check the shape.
 */

/** Parses JSON text as `T`; the caller's assertions check the shape (e.g. CLI output, a recorded line). */
export function parseJson<T = unknown>(text: string): T {
  return JSON.parse(text) as T;
}

/** A deep copy through JSON text, as a value written to disk and read back (snapshots, recorded episodes). */
export function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
