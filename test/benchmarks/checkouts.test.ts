/** The other checkout of a before/after script (benchmarks/checkouts.ts): whether it can measure the team floor. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertCanMeasure } from '../../benchmarks/checkouts.js';
import { TEMPLATE_ENV_ID } from '../../benchmarks/template-world.js';

describe('assertCanMeasure', () => {
  const root = mkdtempSync(join(tmpdir(), 'faultline-checkouts-test-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses the team floor for a checkout older than it, naming the checkout and the way out', () => {
    expect(() => assertCanMeasure(root, ['deploy/rollout-v2', TEMPLATE_ENV_ID])).toThrow(
      new RegExp(`${root} cannot measure it: it has no benchmarks/template-world\\.ts.*name other envs with --env`),
    );
  });

  it('lets that checkout measure the built-in envs', () => {
    expect(() => assertCanMeasure(root, ['deploy/rollout-v2'])).not.toThrow();
  });

  it('lets a checkout that has the template world measure the team floor', () => {
    const later = join(root, 'later');
    mkdirSync(join(later, 'benchmarks'), { recursive: true });
    writeFileSync(join(later, 'benchmarks/template-world.ts'), '');
    expect(() => assertCanMeasure(later, [TEMPLATE_ENV_ID])).not.toThrow();
  });
});
