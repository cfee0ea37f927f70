/**
 * Every subpath imports on its own with the same behaviour: a fresh process imports one subpath
 * first, then what it needs to run one perturbed episode, and must print the digest the root
 * entry gives. A subpath that left the registries or the perturbation engine in another state
 * (an import-time side effect that depends on order) shows up as a different digest.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { subpaths } from './api-report.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EPISODE = { env: 'filesystem/rename-symbol-v1', seed: 0, perturb: 'production' };

/** A process that imports `first`, then runs the oracle on {@link EPISODE}; prints digest, outcome, plan size. */
async function episodeAfter(first: string): Promise<string> {
  const script = `
    await import(${JSON.stringify(first)});
    const { runEpisode } = await import('faultline');
    const { findTeam } = await import('faultline/teams');
    const r = await runEpisode({ ...${JSON.stringify(EPISODE)}, team: findTeam('oracle') });
    console.log([r.digest, r.outcome, r.perturbations.plan.length].join(' '));
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: ROOT, timeout: 60_000 },
  );
  return stdout.trim();
}

/** Maps `f` over `items`, `limit` at a time (the machine is shared). */
async function pooled<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return out;
}

it('each subpath imported first gives the same perturbed episode as the root entry', async () => {
  const names = subpaths().map((s) => s.subpath);
  expect(names).toEqual(expect.arrayContaining(['faultline', 'faultline/env', 'faultline/metrics']));
  const results = await pooled(names, 2, episodeAfter);
  const root = results[names.indexOf('faultline')] ?? '';
  const [, outcome, planned] = root.split(' ');
  expect(outcome, `the root entry's episode: ${root}`).toBe('success');
  expect(Number(planned), `the episode must be perturbed: ${root}`).toBeGreaterThan(0);
  expect(Object.fromEntries(names.map((n, i) => [n, results[i]]))).toEqual(
    Object.fromEntries(names.map((n) => [n, root])),
  );
}, 120_000);
