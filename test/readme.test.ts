/**
 * The README's reference tables and example are generated (`faultline docs --write README.md`);
 * this fails when they are stale, so no table in the README is typed by hand.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { builtinEnvIds, loadBuiltins } from '../src/builtins.js';
import { fillSections, generatedSections } from '../src/report/docs.js';

beforeAll(() => loadBuiltins());

it('README.md is up to date with `faultline docs`', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(
    fillSections(readme, await generatedSections(builtinEnvIds())),
    'run `npx faultline docs --write README.md`',
  ).toBe(readme);
  for (const name of ['matrix', 'bench']) expect(readme).toMatch(new RegExp(`<!-- ${name}:start -->[^]*?\\| [a-z]`));
});
