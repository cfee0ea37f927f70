/**
 * `faultline run` and `faultline merge` refuse an --out that holds a run, as a usage error naming
 * the directory and the flags that go on, and go on with --overwrite.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-held-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUN = ['run', '--env', 'deploy/rollout-v2', '--team', 'oracle', '--json'];

it('run refuses an --out that holds a run until --overwrite, and says how to go on', async () => {
  const out = join(dir, 'run');
  expect((await cliInProcess([...RUN, '--seeds', '0-1', '--out', out])).code).toBe(EXIT.ok);
  const first = readFileSync(join(out, 'episodes.jsonl'), 'utf8');

  const again = await cliInProcess([...RUN, '--seeds', '7', '--out', out]);
  expect(again.code).toBe(EXIT.usage);
  expect(again.stderr).toContain(`--out: got "${out}"`);
  expect(again.stderr).toMatch(/already holds a complete run of 2\/2 episodes/);
  expect(again.stderr).toMatch(/--resume .*--overwrite/);
  expect(readFileSync(join(out, 'episodes.jsonl'), 'utf8')).toBe(first);

  const replaced = await cliInProcess([...RUN, '--seeds', '7', '--out', out, '--overwrite']);
  expect(replaced.code).toBe(EXIT.ok);
  expect(readFileSync(join(out, 'episodes.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
});

it('merge refuses an --out that holds a run until --overwrite', async () => {
  const shards = ['1/2', '2/2'].map((shard, i) => ({ shard, out: join(dir, `shard-${i + 1}`) }));
  for (const { shard, out } of shards)
    expect((await cliInProcess([...RUN, '--seeds', '0-1', '--shard', shard, '--out', out])).code).toBe(EXIT.ok);
  const target = join(dir, 'merged');
  const dirs = shards.map((s) => s.out);
  expect((await cliInProcess(['merge', ...dirs, '--out', target, '--json'])).code).toBe(EXIT.ok);

  const again = await cliInProcess(['merge', ...dirs, '--out', target, '--json']);
  expect(again.code).toBe(EXIT.usage);
  expect(again.stderr).toContain(`merge --out: got "${target}"`);
  expect((await cliInProcess(['merge', ...dirs, '--out', target, '--json', '--overwrite'])).code).toBe(EXIT.ok);
});
