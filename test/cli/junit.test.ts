/**
 * `faultline run --junit FILE`, read back with a real XML parser: one testsuite per env × team,
 * a testcase per episode, failures naming the primary mode, crashes as errors, episodes a bail
 * left unrun as skipped, and text XML 1.0 cannot hold made visible. Validation against the JUnit
 * schema with xmllint is in junit-schema.test.ts (the full suite).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { junitRuns } from './junit-runs.js';
import { xmlAttr, xmlText } from '../../src/cli/xml.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-junit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Attrs = Record<string, string>;
/** `<failure>` / `<error>`: its attributes and its text. */
interface Problem {
  readonly message: string;
  readonly type: string;
  readonly '#text': string;
}
interface Properties {
  readonly property: Attrs[];
}
interface TestCase {
  readonly classname: string;
  readonly name: string;
  readonly time?: string;
  readonly properties: Properties;
  readonly failure?: Problem;
  readonly error?: Problem;
  readonly skipped?: { readonly message: string };
}
interface Suite {
  readonly name: string;
  readonly tests: string;
  readonly failures: string;
  readonly errors: string;
  readonly time: string;
  readonly properties: Properties;
  readonly testcase: TestCase[];
}
interface Doc {
  testsuites: Attrs & { testsuite: Suite[] };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

let xml: { complete: string; bailed: string };
beforeAll(async () => {
  xml = await junitRuns(dir);
});

const props = (p: Properties): Record<string, string | undefined> =>
  Object.fromEntries(p.property.map((x): [string, string | undefined] => [x.name as string, x.value]));

describe('--junit', () => {
  it('is well-formed XML with one suite per env × team and a case per episode', () => {
    expect(XMLValidator.validate(xml.complete)).toBe(true);
    const doc = parser.parse(xml.complete) as Doc;
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s) => s.name)).toEqual([
      'filesystem/rename-symbol-v1 × brittle',
      'filesystem/rename-symbol-v1 × junit-crasher',
      'filesystem/rename-symbol-v1 × oracle',
    ]);
    expect(doc.testsuites).toMatchObject({ name: 'faultline run', tests: '12', skipped: '0' });
    let failures = 0;
    let errors = 0;
    for (const suite of suites) {
      const suiteProps = props(suite.properties);
      expect(suiteProps).toMatchObject({ env: 'filesystem/rename-symbol-v1', profile: 'production' });
      expect(suiteProps['faultline']).toMatch(/^\d+\.\d+\.\d+/);
      expect(suite.testcase).toHaveLength(4);
      suite.testcase.forEach((c, seed) => {
        const team = suite.name.split(' × ')[1] as string;
        expect(c.classname).toBe(`filesystem.rename-symbol-v1.${team}`);
        expect(c.name).toBe(`filesystem.rename-symbol-v1__${team}__s${seed}__t0`);
        // Wall-clock seconds with three decimals; a fast episode honestly reads 0.000.
        expect(c.time).toMatch(/^\d+\.\d{3}$/);
        expect(props(c.properties)).toMatchObject({
          seed: String(seed),
          trial: '0',
          variant: '0',
          profile: 'production',
        });
      });
      failures += Number(suite.failures);
      errors += Number(suite.errors);
      expect(Number(suite.tests)).toBe(4);
      const caseSeconds = suite.testcase.reduce((sum, c) => sum + Number(c.time), 0);
      expect(Math.abs(Number(suite.time) - caseSeconds)).toBeLessThanOrEqual(0.003);
    }
    expect(String(failures)).toBe(doc.testsuites.failures);
    expect(String(errors)).toBe(doc.testsuites.errors);
  });

  it('a task failure is <failure> naming the primary mode; a crash is <error> with its message shown as text', () => {
    const doc = parser.parse(xml.complete) as Doc;
    const [brittle, crasher, oracle] = doc.testsuites.testsuite as [Suite, Suite, Suite];
    for (const c of oracle.testcase) expect(Object.keys(c).sort()).toEqual(['classname', 'name', 'properties', 'time']);
    const failed = brittle.testcase.filter((c) => 'failure' in c);
    expect(failed.length).toBeGreaterThan(0);
    for (const c of failed) {
      const f = c.failure as Problem;
      expect(f.message).toMatch(/^(failure|gave_up|truncated): primary mode \w+ at step \d+ \(\w+\)$/);
      expect(f['#text']).toContain(`reproduce: faultline run --episode ${c.name} --perturb production`);
    }
    const errored = crasher.testcase.filter((c) => 'error' in c);
    expect(errored.map((c) => c.name)).toEqual([
      'filesystem.rename-symbol-v1__junit-crasher__s1__t0',
      'filesystem.rename-symbol-v1__junit-crasher__s3__t0',
    ]);
    const e = errored[0]?.error as Problem;
    expect(e.type).toBe('agent_error');
    // Markup comes back as the characters it was; what XML 1.0 forbids as a visible \uXXXX.
    expect(e.message).toContain(`bad <tag a="1"> & 'q' \\u0000 \\u001B[31mred\\u001B[0m \\u000C \\uD800 end`);
    expect(crasher.testcase.filter((c) => 'failure' in c)).toHaveLength(2);
  });

  it('holds no character XML 1.0 forbids', () => {
    // eslint-disable-next-line no-control-regex -- the characters under test
    expect(xml.complete).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDFFF]/);
  });

  it('a bailed run lists the episodes it did not reach as <skipped>', () => {
    expect(XMLValidator.validate(xml.bailed)).toBe(true);
    const doc = parser.parse(xml.bailed) as Doc;
    const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase);
    expect(cases).toHaveLength(12);
    const skipped = cases.filter((c) => 'skipped' in c);
    expect(skipped.length).toBeGreaterThan(0);
    expect(String(skipped.length)).toBe(doc.testsuites.skipped);
    for (const c of skipped)
      expect(c.skipped?.message).toBe('not run: --bail 2 stopped the run (finish it with --resume)');
    expect(Number(doc.testsuites.failures) + Number(doc.testsuites.errors)).toBeGreaterThanOrEqual(2);
  });
});

describe('XML escaping', () => {
  it('escapes markup, keeps line breaks in attributes, and makes forbidden characters visible', () => {
    expect(xmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(xmlAttr('"x"\n\ty\r')).toBe('&quot;x&quot;&#10;&#9;y&#13;');
    expect(xmlText('\u0000\u0007\uFFFE')).toBe('\\u0000\\u0007\\uFFFE');
    // A surrogate pair (an emoji) is one character, kept; a lone half is not.
    expect(xmlText('\ud83d\ude00 \udc00')).toBe('\ud83d\ude00 \\uDC00');
  });
});
