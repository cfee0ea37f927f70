/**
 * Shorter forms of env ids for narrow tables: `deploy/rollout-v2` → `deploy/rollout` → `rollout`.
 * A form is used only when it tells every env of the table apart (a run with `rollout-v2` and
 * `rollout-v3` keeps its versions).
 */

const VERSION = /-v\d+$/;

/** The env ids without their `-vN` suffix, or null when two envs would then look alike. */
export function envsWithoutVersion(ids: readonly string[]): string[] | null {
  return distinctOrNull(ids, (id) => id.replace(VERSION, ''));
}

/** The env ids as their task family alone (`rollout`), or null when two envs would then look alike. */
export function envFamilies(ids: readonly string[]): string[] | null {
  return distinctOrNull(ids, (id) => id.replace(VERSION, '').replace(/^[^/]*\//, ''));
}

/** `ids` mapped by `short`, if no two different ids map to the same short form. */
function distinctOrNull(ids: readonly string[], short: (id: string) => string): string[] | null {
  const out = ids.map(short);
  const seen = new Map<string, string>();
  for (const [i, id] of ids.entries()) {
    const s = out[i] as string;
    const before = seen.get(s);
    if (before !== undefined && before !== id) return null;
    seen.set(s, id);
  }
  return out;
}
