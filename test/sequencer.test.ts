/**
 * The files the sequencer starts first must exist and run in `npm test`: a renamed or full-only
 * file in the list would quietly stop being started early.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { LONGEST_FIRST } from './support/sequencer.js';
import { FULL_ONLY } from '../vitest.config.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

it('every file the sequencer starts first exists and runs in npm test', () => {
  for (const path of LONGEST_FIRST) {
    expect(existsSync(`${ROOT}${path}`), path).toBe(true);
    expect(FULL_ONLY, path).not.toContain(path);
  }
  expect(new Set(LONGEST_FIRST).size).toBe(LONGEST_FIRST.length);
});
