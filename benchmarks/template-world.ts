/**
 * The floor of a recorded team episode: the world `faultline new world` scaffolds (a map of
 * records, three tools, three roles handing off a plan of about 40 steps), registered as a user's
 * world is — scaffolded into a folder where `faultline` resolves as an installed package — and
 * measured as the built-in worlds are. Its world does almost nothing, so what its episodes cost is
 * the harness's own cost per recorded team episode: task setup, the team's turns, the handoff
 * audit, per-step digests, metrics, the record and the files. No world can record episodes faster
 * than this row.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { scaffoldWorld } from '../src/cli/new-world.js';
import { listEnvs } from '../src/core/registry.js';

/** The name the template is scaffolded under. */
const WORLD_NAME = 'shelf';

/** The env the scaffolded template registers. */
export const TEMPLATE_ENV_ID = `${WORLD_NAME}/tag-records-v1`;

/** How the template world's rows are labelled: its env id, then this. */
export const TEAM_FLOOR_LABEL = '(team floor: the new-world template)';

/** The repository's root (its node_modules hold what the scaffold imports). */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Scaffolds the template world into a temporary folder (deleted at exit) and imports it, which
 * registers its env; returns the env id. Registered once per process.
 */
export async function registerTemplateWorld(): Promise<string> {
  const envId = TEMPLATE_ENV_ID;
  if (listEnvs().some((s) => s.id === envId)) return envId;
  const parent = mkdtempSync(join(tmpdir(), 'faultline-bench-world-'));
  process.once('exit', () => rmSync(parent, { recursive: true, force: true }));
  const dir = join(parent, WORLD_NAME);
  scaffoldWorld({ name: WORLD_NAME, dir });
  // As installed: `faultline` and `zod` from node_modules. Node follows the links to their real
  // paths, so the world registers in this process's registry (the sources, under the bench's
  // `source` condition), not in a second copy.
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'faultline'), 'dir');
  symlinkSync(join(ROOT, 'node_modules', 'zod'), join(dir, 'node_modules', 'zod'), 'dir');
  await import(pathToFileURL(join(dir, 'index.ts')).href);
  if (!listEnvs().some((s) => s.id === envId))
    throw new Error(`the new-world template did not register ${envId} (scaffolded in ${dir})`);
  return envId;
}
