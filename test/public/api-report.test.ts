/**
 * The public surface is deliberate: the exports of every subpath must match the committed
 * report. After an intended change, regenerate it and commit it with the change.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { apiReport } from './api-report.js';

const FILE = new URL('./api-report.md', import.meta.url);
const UPDATE = 'UPDATE_API_REPORT=1 npx vitest run test/public/api-report.test.ts';

let cached: string | undefined;
/** Reading the entries with the compiler takes seconds: once per file. */
const currentReport = (): string => (cached ??= apiReport());

it('every subpath exports exactly the names in test/public/api-report.md', () => {
  const current = currentReport();
  if (process.env['UPDATE_API_REPORT'] === '1') writeFileSync(FILE, current);
  expect(existsSync(FILE), `test/public/api-report.md is missing: generate it with ${UPDATE}`).toBe(true);
  expect(
    current,
    `the public API differs from test/public/api-report.md; if the change is intended, run ${UPDATE} and commit the report`,
  ).toBe(readFileSync(FILE, 'utf8'));
}, 120_000);

it('the root entry stays small: only user-facing names', () => {
  const root = /## `faultline`\n\nsrc\/public\/index\.ts: (\d+) run-time names/.exec(currentReport());
  expect(Number(root?.[1])).toBeLessThanOrEqual(35);
}, 120_000);
