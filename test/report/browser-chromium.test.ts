/**
 * How the browser test finds its Chromium (Node only, in `npm test`): the variable first, then
 * PATH, then the usual places; a machine without one gets an error that says how to install it,
 * never a skipped test.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_VAR, chromiumExecutable } from '../support/chromium.js';

const root = mkdtempSync(join(tmpdir(), 'faultline-chromium-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An executable file at `dir/name` (its contents never run). */
function executable(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

describe('chromiumExecutable', () => {
  const bin = join(root, 'bin');
  const onPath = executable(bin, 'chromium');
  const elsewhere = executable(join(root, 'opt'), 'chrome');

  it('takes $FAULTLINE_CHROMIUM first, then chromium on PATH, then the usual places', () => {
    expect(chromiumExecutable({ [CHROMIUM_VAR]: elsewhere, PATH: bin }, [])).toBe(elsewhere);
    expect(chromiumExecutable({ PATH: `${join(root, 'empty')}:${bin}` }, [elsewhere])).toBe(onPath);
    expect(chromiumExecutable({ PATH: join(root, 'empty') }, [join(root, 'missing'), elsewhere])).toBe(elsewhere);
  });

  it('names the variable, its value and the fix when $FAULTLINE_CHROMIUM is not an executable', () => {
    const notExecutable = join(root, 'readme.txt');
    writeFileSync(notExecutable, 'not a browser');
    for (const value of [join(root, 'missing'), notExecutable, root])
      expect(() => chromiumExecutable({ [CHROMIUM_VAR]: value, PATH: bin }, [])).toThrow(
        `${CHROMIUM_VAR}: got ${JSON.stringify(value)}, expected the path of an executable Chromium or Chrome. Fix: point it at one`,
      );
  });

  it('fails saying how to install one when there is none', () => {
    expect(() => chromiumExecutable({ PATH: join(root, 'empty') }, [join(root, 'missing')])).toThrow(
      /No Chromium found for the browser test: .*apt-get install -y --no-install-recommends chromium .*FAULTLINE_CHROMIUM/,
    );
  });
});
