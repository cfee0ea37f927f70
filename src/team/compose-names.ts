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
