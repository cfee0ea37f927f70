/**
 * The scaffold's task family meets the family contract every built-in family meets, unchanged:
 * the world is scaffolded into a temp folder outside the repository, imported through its own
 * `faultline/authoring` import (a `node_modules/faultline` symlink, resolved with the `source`
 * condition), and handed to {@link familyContract}. Its name differs from new-world.test.ts's world:
 * files share one registry (`isolate: false`), and a registered name cannot be scaffolded again.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe } from 'vitest';
import { scaffoldWorld } from '../../src/cli/new-world.js';
import type { DefinedTaskFamily } from '../../src/world/index.js';
import { familyContract } from '../environments/family-contract.js';

const ROOT = join(import.meta.dirname, '../..');
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'faultline-world-contract-')));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(ROOT, join(dir, 'node_modules', 'faultline'), 'dir');
symlinkSync(join(ROOT, 'node_modules', 'zod'), join(dir, 'node_modules', 'zod'), 'dir');
const world = scaffoldWorld({ name: 'almanac', dir: join(dir, 'almanac') });
const { family } = (await import(pathToFileURL(join(world.dir, 'index.ts')).href)) as {
  family: DefinedTaskFamily<unknown>;
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`the scaffold's ${world.envId} meets the family contract`, () => {
  familyContract({
    envId: world.envId,
    family,
    seeds: Array.from({ length: 20 }, (_, i) => i),
    // The contract scans its world folder under environments/ for ambient randomness.
    world: relative(join(ROOT, 'environments'), world.dir),
    minSourceFiles: 5,
    generate: family.generateUnmemoized,
  });
});
