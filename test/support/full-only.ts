/**
 * `npm test`'s global setup: says which files it leaves to `npm run test:full`, so none is
 * skipped silently, and fails when one of them no longer exists (the list must not rot).
 */
import { existsSync } from 'node:fs';
import { FULL_ONLY } from '../../vitest.config.js';

/** Runs once before `npm test`. */
export default function announceFullOnly(): void {
  // Each project of the config runs its global setup: say it once.
  if (process.env['FAULTLINE_FULL_ONLY_SAID'] === '1') return;
  process.env['FAULTLINE_FULL_ONLY_SAID'] = '1';
  const missing = FULL_ONLY.filter((file) => !existsSync(file));
  if (missing.length > 0)
    throw new Error(`vitest.config.ts FULL_ONLY names files that do not exist: ${missing.join(', ')}`);
  process.stderr.write(
    `npm test leaves ${FULL_ONLY.length} files of whole runs in child processes (and the report in Chromium) to npm run test:full: ${FULL_ONLY.join(', ')}\n`,
  );
}
