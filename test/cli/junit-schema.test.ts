/**
 * `--junit` output validates against the JUnit schema (test/fixtures/junit/junit.xsd, the
 * Ant/Jenkins structure) with libxml2's `xmllint --schema` — the Debian package libxml2-utils,
 * which CI installs. In the full suite: it starts child processes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { junitRuns } from './junit-runs.js';

const XSD = join(import.meta.dirname, '../fixtures/junit/junit.xsd');
const dir = mkdtempSync(join(tmpdir(), 'faultline-junit-xsd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** xmllint's verdict on `file`: exit code and what it printed. */
function xmllint(file: string): { code: number | null; output: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  if (r.error)
    throw new Error(
      `xmllint is needed to validate JUnit output (${r.error.message}): install the Debian package libxml2-utils (apt-get install libxml2-utils), as .ci/run does`,
    );
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('--junit against the JUnit XSD', () => {
  it('the schema itself compiles', () => {
    execFileSync('xmllint', ['--noout', XSD]);
  });

  it('a complete run and a bailed run validate', async () => {
    const { complete, bailed } = await junitRuns(dir);
    for (const [name, text] of Object.entries({ complete, bailed })) {
      const file = join(dir, `${name}.checked.xml`);
      writeFileSync(file, text);
      const r = xmllint(file);
      expect(r.output).toContain(`${file} validates`);
      expect(r.code).toBe(0);
    }
  });

  it('a document that breaks the schema does not (the check can fail)', () => {
    const file = join(dir, 'broken.xml');
    writeFileSync(
      file,
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="x" tests="1"><testcase name="no classname"><failure/><error/></testcase></testsuite></testsuites>\n',
    );
    const r = xmllint(file);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/classname/);
  });
});
