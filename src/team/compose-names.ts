/**
 * How a composed world names its parts' tools, entities and checkers (see `composeWorlds`).
 */

/** The composed name of a part's tool: `web` + `search` → `web_search`. */
export function composedTool(prefix: string, tool: string): string {
  return `${prefix}_${tool}`;
}

/** The composed id of a part's entity: `fs` + `src/a.ts` → `fs:src/a.ts`. */
export function composedEntity(prefix: string, id: string): string {
  return `${prefix}:${id}`;
}

/** The composed kind of a part's checker: `fs` + `tests-pass` → `fs:tests-pass`. */
export function composedChecker(prefix: string, kind: string): string {
  return `${prefix}:${kind}`;
}

/**
 * Rewrites a part's text (a tool description, an error message) so the sibling tools it names
 * carry their composed names: "use list_site" → "use web_list_site". Names with an underscore are
 * unmistakable and rewritten wherever they stand; one-word names (`search`, `deploy`) are also
 * ordinary words, so they are rewritten only where they read as a call: after "use"/"call" or
 * before "(".
 */
export function composedMentions(prefix: string, toolNames: readonly string[]): (text: string) => string {
  const compound = toolNames.filter((n) => n.includes('_'));
  const simple = toolNames.filter((n) => !n.includes('_'));
  const alternation = (names: readonly string[]) =>
    names
      .map((n) => n.replace(/[^a-z0-9_]/gi, ''))
      .sort((a, b) => b.length - a.length)
      .join('|');
  // Not after a word character or a `<prefix>_` already in place, so rewriting twice is harmless.
  const compoundRe = compound.length ? new RegExp(`(?<![\\w])(${alternation(compound)})(?![\\w])`, 'g') : null;
  const simpleRe = simple.length
    ? new RegExp(
        `(\\b(?:use|call|try)\\s+\`?)(${alternation(simple)})\\b|(?<![\\w])(${alternation(simple)})(?=\\()`,
        'g',
      )
    : null;
  return (text) => {
    let out = text;
    if (compoundRe) out = out.replace(compoundRe, (name: string) => composedTool(prefix, name));
    if (simpleRe)
      out = out.replace(
        simpleRe,
        (_m: string, lead: string | undefined, afterLead: string | undefined, beforeParen: string | undefined) =>
          lead !== undefined
            ? `${lead}${composedTool(prefix, afterLead as string)}`
            : composedTool(prefix, beforeParen as string),
      );
    return out;
  };
}
