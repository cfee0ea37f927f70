/**
 * `faultline run --junit FILE`: the run as JUnit XML, so CI systems (GitHub, GitLab, Jenkins,
 * Buildkite …) show its episodes as tests. One `<testsuite>` per env × team; one `<testcase>` per
 * episode (classname `world.family-vN.team`, name the episode id that `--episode` takes); a task
 * failure is a `<failure>` whose message names the primary failure mode, an agent crash, timeout
 * or provider error an `<error>`, and a planned episode the run did not reach (`--bail`, Ctrl-C) is
 * `<skipped>`. The shape follows the de-facto schema of Ant and Jenkins (test/fixtures/junit.xsd).
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { ensureRunDir, kindOf } from '../run/run-dir.js';
import { compareKeys, parseEpisodeId } from '../run/episode-id.js';
import { verdictMessage, verdictOf, type VerdictRecord } from '../run/episode-verdict.js';
import { xmlAttrs, xmlText } from './xml.js';
import type { EpisodeRecord } from '../run/records.js';
import { scanRecordedEpisodes } from '../run/record-scan.js';

/** What a test case needs of a recorded episode. */
export interface JunitRecord extends VerdictRecord {
  readonly id: string;
  readonly envId: string;
  readonly team: string;
  readonly seed: number;
  readonly trial: number;
  readonly variant: number;
  readonly worldSize?: number;
  readonly trajectoryFile: string;
  readonly metrics?: VerdictRecord['metrics'] & { readonly modes?: readonly string[] };
}

/** The run a JUnit file describes. */
export interface JunitRun {
  /** Every recorded episode of the run (this session's and, when resumed, earlier ones). */
  readonly records: Iterable<JunitRecord>;
  /** Planned episodes that were not recorded, and why (`--bail`, an interrupt). */
  readonly pending: readonly string[];
  readonly pendingReason: string;
  /** Wall-clock seconds of the episodes run in this session, by id (others have no time). */
  readonly seconds: ReadonlyMap<string, number>;
  /** The perturbation profile. */
  readonly profile: string;
  readonly version: string;
  /** The run directory, for the replay command in each failure's text. */
  readonly out?: string;
}

interface Case {
  readonly env: string;
  readonly team: string;
  readonly xml: string;
  readonly verdict: 'passed' | 'failed' | 'errored' | 'skipped';
  readonly seconds: number;
}

/** Seconds as JUnit writes them: three decimals. */
function time(seconds: number): string {
  return seconds.toFixed(3);
}

function properties(entries: Readonly<Record<string, string | number | undefined>>, indent: string): string {
  const lines = Object.entries(entries)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([name, value]) => `${indent}  <property ${xmlAttrs({ name, value })}/>`);
  return `${indent}<properties>\n${lines.join('\n')}\n${indent}</properties>`;
}

function classname(envId: string, team: string): string {
  return `${envId.replace(/\//g, '.')}.${team}`;
}

function recordCase(r: JunitRecord, run: JunitRun): Case {
  const verdict = verdictOf(r);
  const seconds = run.seconds.get(r.id);
  const head = `    <testcase ${xmlAttrs({ classname: classname(r.envId, r.team), name: r.id, time: seconds === undefined ? undefined : time(seconds) })}>`;
  const props = properties(
    {
      seed: r.seed,
      trial: r.trial,
      variant: r.variant,
      'world-size': r.worldSize,
      profile: run.profile,
      outcome: r.outcome,
      steps: r.steps,
    },
    '      ',
  );
  let body = '';
  if (verdict !== 'passed') {
    const tag = verdict === 'errored' ? 'error' : 'failure';
    const details = [
      verdictMessage(r),
      `outcome: ${r.outcome}, ${r.steps} steps`,
      ...(r.metrics?.modes && r.metrics.modes.length > 0 ? [`failure modes: ${r.metrics.modes.join(', ')}`] : []),
      `reproduce: faultline run --episode ${r.id} --perturb ${run.profile}`,
      ...(run.out ? [`replay: faultline replay ${run.out}/${r.trajectoryFile}`] : []),
    ].join('\n');
    body = `\n      <${tag} ${xmlAttrs({ message: verdictMessage(r), type: r.outcome })}>${xmlText(details)}</${tag}>`;
  }
  return {
    env: r.envId,
    team: r.team,
    verdict,
    seconds: seconds ?? 0,
    xml: `${head}\n${props}${body}\n    </testcase>`,
  };
}

function pendingCase(id: string, run: JunitRun): Case {
  const key = parseEpisodeId(id);
  const env = key?.envId ?? 'unknown';
  const team = key?.team ?? 'unknown';
  return {
    env,
    team,
    verdict: 'skipped',
    seconds: 0,
    xml: `    <testcase ${xmlAttrs({ classname: classname(env, team), name: id })}>\n      <skipped ${xmlAttrs({ message: run.pendingReason })}/>\n    </testcase>`,
  };
}

/** The JUnit XML of a run: suites per env × team in key order, cases in episode order. */
export function junitXml(run: JunitRun): string {
  const cases: Array<Case & { id: string }> = [];
  for (const r of run.records) cases.push({ ...recordCase(r, run), id: r.id });
  for (const id of run.pending) cases.push({ ...pendingCase(id, run), id });
  // Key order (env, team, seed, variant, world size, trial), as episodes.jsonl is written.
  const keyOf = (id: string) => parseEpisodeId(id) ?? { envId: id, team: '', seed: 0, trial: 0 };
  cases.sort((a, b) => compareKeys(keyOf(a.id), keyOf(b.id)));
  const suites = new Map<string, typeof cases>();
  for (const c of cases) {
    const name = `${c.env} ${c.team}`;
    const list = suites.get(name) ?? [];
    list.push(c);
    suites.set(name, list);
  }
  const count = (list: readonly Case[], v: Case['verdict']) => list.filter((c) => c.verdict === v).length;
  const totals = (list: readonly Case[]) => ({
    tests: list.length,
    failures: count(list, 'failed'),
    errors: count(list, 'errored'),
    skipped: count(list, 'skipped'),
    time: time(list.reduce((s, c) => s + c.seconds, 0)),
  });
  const body = [...suites.values()].map((list) => {
    const first = list[0] as Case;
    return [
      `  <testsuite ${xmlAttrs({ name: `${first.env} × ${first.team}`, ...totals(list) })}>`,
      properties({ env: first.env, team: first.team, profile: run.profile, faultline: run.version }, '    '),
      ...list.map((c) => c.xml),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${xmlAttrs({ name: 'faultline run', ...totals(cases) })}>`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

/** What the JUnit file uses of an episode record: a few fields, so a run's worth can be held. */
export function junitRecordOf(r: EpisodeRecord): JunitRecord {
  const metrics = r.metrics ? { primary: r.metrics.primary, modes: r.metrics.modes } : undefined;
  return {
    id: r.id,
    envId: r.envId,
    team: r.team,
    seed: r.seed,
    trial: r.trial,
    variant: r.variant,
    ...(r.worldSize !== undefined ? { worldSize: r.worldSize } : {}),
    trajectoryFile: r.trajectoryFile,
    outcome: r.outcome,
    steps: r.steps,
    error: r.error,
    ...(metrics ? { metrics } : {}),
  };
}

/** The JUnit fields of every record of a run directory, read line by line (see {@link junitRecordOf}). */
export function junitRecordsIn(dir: string): JunitRecord[] {
  const out: JunitRecord[] = [];
  scanRecordedEpisodes(dir, {}, (r) => out.push(junitRecordOf(r)));
  return out;
}

/**
 * Checks `--junit FILE` before a run: not a directory, and in a directory that exists or can be
 * made (it is made now, as CI paths like `reports/junit.xml` need). A run whose results could not
 * be written at its end would have run for nothing.
 */
export function prepareJunitFile(file: string): void {
  if (kindOf(file) === 'dir')
    throw new InvalidArgumentError(
      '--junit',
      file,
      'a file path, but it is a directory',
      'pass a file path such as reports/junit.xml',
    );
  ensureRunDir(dirname(resolve(file)), '--junit');
}

/** Writes the run's JUnit XML to `file` (its directory made if missing). */
export function writeJunit(file: string, run: JunitRun): void {
  prepareJunitFile(file);
  writeFileSync(file, junitXml(run));
}
