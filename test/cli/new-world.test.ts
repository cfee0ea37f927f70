/**
 * `faultline new world`: the scaffold's output, written into a temp folder outside the repository
 * where `faultline` resolves only as an installed package would (a `node_modules/faultline`
 * symlink; from a checkout the CLI resolves it to the sources through the `source` export
 * condition), passes `faultline check` and
 * runs the oracle at 100% with `--import`, clean and under the production profile. The guide's
 * code blocks are the template's code.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliInProcess } from '../support/cli.js';
import { sized } from '../support/sizes.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pascalCase,
  renderTemplate,
  scaffoldWorld,
  templateFiles,
  validateWorldName,
} from '../../src/cli/new-world.js';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/faultline.mjs');
const ENV_ID = 'shelf/tag-records-v1';

let dir: string;

/** Runs the CLI from sources in `dir`, as a user with faultline installed there would. */
function faultline(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'faultline-new-world-')));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'faultline'), 'dir');
  // One zod for the world and the kit: defineTool recognizes schemas of the same zod.
  symlinkSync(join(ROOT, 'node_modules', 'zod'), join(dir, 'node_modules', 'zod'), 'dir');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('faultline new world', () => {
  it('writes the world folder and tells what to run next', () => {
    const r = faultline('new', 'world', 'shelf', '--dir', 'shelf');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, 'shelf')).sort()).toEqual([...templateFiles().keys()].sort());
    expect(r.stdout).toContain(`faultline check ${ENV_ID} --import shelf/index.ts`);
    const state = readFileSync(join(dir, 'shelf', 'state.ts'), 'utf8');
    expect(state).toContain('export interface ShelfState');
    expect(state).not.toMatch(/__world__|__World__/i);
  });

  // The refusals run the CLI in process (a spawn costs a TypeScript load); the folder is absolute.
  it('refuses an existing folder that is not empty, and writes nothing', async () => {
    const before = readdirSync(join(dir, 'shelf')).sort();
    const r = await cliInProcess(['new', 'world', 'shelf', '--dir', join(dir, 'shelf')]);
    expect(r.code).toBe(2);
    expect(readdirSync(join(dir, 'shelf')).sort()).toEqual(before);
    expect(r.stderr).toMatch(/--dir: got ".*shelf", expected a folder that does not exist or is empty/);
  });

  it('refuses an invalid name, naming the value and what is allowed', async () => {
    const bad = await cliInProcess(['new', 'world', 'My_World', '--dir', join(dir, 'bad')]);
    expect(bad.code).toBe(2);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
    expect(bad.stderr).toMatch(/new world NAME: got "My_World", expected lower-case letters and digits/);
  });

  it('its output passes faultline check', () => {
    const r = faultline('check', ENV_ID, '--import', 'shelf/index.ts');
    expect(r.stdout, r.stderr).toContain(`pass  ${ENV_ID} (0 errors, 0 warnings)`);
    expect(r.status).toBe(0);
  });

  // Under production in `npm test` (the checker's rollouts already run it clean); under both in the full suite.
  it.each(sized(['production'], ['clean', 'production']))(
    'the oracle solves every seed under the %s profile',
    (profile) => {
      const r = faultline(
        'run',
        '--env',
        ENV_ID,
        '--team',
        'oracle',
        '--seeds',
        '0-5',
        '--perturb',
        profile,
        '--import',
        'shelf/index.ts',
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`${ENV_ID.replace('/', '\\/')} +oracle +6 +100\\.0%`));
    },
  );
});

describe('scaffold helpers', () => {
  it('validates names', () => {
    for (const name of ['inventory', 'ticket-desk', 'a1', 'w2-b3']) expect(() => validateWorldName(name)).not.toThrow();
    for (const name of ['', 'Inventory', '1world', 'ticket--desk', 'desk-', 'a_b', 'x'.repeat(41), '../up'])
      expect(() => validateWorldName(name), name).toThrow(/new world NAME: got/);
    expect(() => validateWorldName('deploy', ['deploy'])).toThrow(/not registered yet \(taken: deploy\)/);
  });

  it('fills the placeholders', () => {
    expect(pascalCase('ticket-desk')).toBe('TicketDesk');
    expect(renderTemplate("id: '__world__', type __World__State", 'ticket-desk')).toBe(
      "id: 'ticket-desk', type TicketDeskState",
    );
  });

  it('a --dir where no folder can be made is an error naming --dir, not a hang', () => {
    expect(() => scaffoldWorld({ name: 'shelf', dir: '/proc/faultline-nope/shelf' })).toThrow(
      /--dir: got ".*shelf", expected a directory that can be created, but making \/proc\/faultline-nope failed/,
    );
  });

  it('refuses a folder with files in it', () => {
    expect(() => scaffoldWorld({ name: 'shelf', dir: ROOT })).toThrow(
      /--dir: got .* expected a folder that does not exist/,
    );
  });
});

describe('docs/adding-a-world.md', () => {
  const guide = readFileSync(join(ROOT, 'docs/adding-a-world.md'), 'utf8');
  const rendered = [...templateFiles().values()].map((text) => renderTemplate(text, 'shelf'));

  it('shows only code that is in the template (rendered for "shelf")', () => {
    const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const block of blocks)
      expect(
        rendered.some((text) => text.includes(block)),
        `this block of the guide is not in templates/world (rendered for "shelf"):\n${block}`,
      ).toBe(true);
  });
});
