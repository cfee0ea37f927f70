/**
 * A bounded memo of a pure function of a string: the same few texts (URLs, version tags, fact
 * values, guesses) are worked out again on every step or every event, while the set of texts an
 * agent can send is unbounded. Past `limit` texts the memo starts over, so it never grows without
 * bound and never evicts one entry at a time (which costs more than the work it saves).
 */

/** `compute`, remembered per text for up to `limit` texts at a time. */
export function textMemo<T>(compute: (text: string) => T, limit: number): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    const hit = known.get(text);
    // One lookup for a remembered value; a second only for a miss or a remembered undefined.
    if (hit !== undefined || known.has(text)) return hit as T;
    const value = compute(text);
    if (known.size >= limit) known.clear();
    known.set(text, value);
    return value;
  };
}
