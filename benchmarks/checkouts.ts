/**
 * The second checkout a before/after script measures against (benchmarks/compare.ts by time,
 * benchmarks/instructions.ts by instructions): named by `--other`, checked before any child starts.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { flag } from './flags.js';
import { TEMPLATE_ENV_ID } from './template-world.js';

/** The checkout `--other` names, resolved, or a clear error when it names none. */
export function otherCheckout(): string {
  const other = flag('other');
  if (!other || !existsSync(join(other, 'src/builtins.ts')))
    throw new Error(
      `--other must name another faultline checkout (got ${JSON.stringify(other ?? null)}): e.g. \`git worktree add /tmp/before HEAD~3 && ln -s "$PWD/node_modules" /tmp/before/\`, then --other=/tmp/before`,
    );
  return resolve(other);
}

/**
 * Throws when `envs` name the team floor (benchmarks/template-world.ts) and the checkout at `root`
 * is older than it, so it cannot measure it.
 */
export function assertCanMeasure(root: string, envs: readonly string[]): void {
  if (envs.includes(TEMPLATE_ENV_ID) && !existsSync(join(root, 'benchmarks/template-world.ts')))
    throw new Error(
      `the team floor (${TEMPLATE_ENV_ID}) is to be measured, but ${root} cannot measure it: it has no benchmarks/template-world.ts (added 2026-12-07). Compare a later checkout, or name other envs with --env`,
    );
}
