/**
 * Blame by intervention in the report: a failed episode's drill-down shows the role and step
 * `faultline blame` found next to the metrics' primary cause; without blame.json it says how to
 * get it; a broken or foreign blame.json is a note and the report is still written; entries for
 * episodes the run does not have, entries that do not parse, and entries made for another
 * outcome are not shown as blame. `faultline blame` rewrites a report that already exists.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blameEntrySchema, type BlameEntry } from '../../src/report/html/blame-file.js';
import { anchorId } from '../../src/report/html/sections/common.js';
import type { EpisodeBlame } from '../../src/run/blame/episode-blame.js';
import type { BlameReport } from '../../src/run/blame/run-blame.js';
import { readRecordedEpisodes } from '../../src/run/recorder.js';
import type { EpisodeRecord } from '../../src/run/records.js';
import { cliInProcess, type CliResult } from '../support/cli.js';

/** fact-drop-silent's planner drops a fact at its handoff, step 13 of this env (its one defect). */
const DROPPED = 'filesystem.rename-symbol-v1__fact-drop-silent__s0__t0';

let dir: string;
let failed: EpisodeRecord[];
let before: string;
let blamed: CliResult;
let after: string;
let blame: BlameReport;

function report(): string {
  return readFileSync(join(dir, 'report.html'), 'utf8');
}

/** The drill-down of one episode in a report's HTML. */
function drilldown(html: string, id: string): string {
  const start = html.indexOf(`<details class="episode" id="${anchorId('ep', id)}"`);
  expect(start, `drill-down of ${id}`).toBeGreaterThan(-1);
  const end = html.indexOf('<details class="episode"', start + 1);
  return html.slice(start, end === -1 ? html.indexOf('</section>', start) : end);
}

/** Writes blame.json, renders the report through the CLI, and returns its HTML. */
async function reportWith(blameJson: string): Promise<string> {
  writeFileSync(join(dir, 'blame.json'), blameJson);
  const written = await cliInProcess(['report', dir]);
  expect(written.code).toBe(0);
  expect(written.stdout).toContain('Report: ');
  return report();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-blame-report-'));
  const run = await cliInProcess([
    'run',
    '--env',
    'filesystem/rename-symbol-v1',
    '--team',
    'own-mistake,fact-drop-silent',
    '--seeds',
    '0',
    '--import',
    'test/fixtures/one-defect-teams.ts',
    '--out',
    dir,
  ]);
  expect(run.stderr).toContain('episodes 2/2');
  failed = readRecordedEpisodes(dir).records.filter((r) => r.outcome === 'failure');
  expect((await cliInProcess(['report', dir])).code).toBe(0);
  before = report();
  blamed = await cliInProcess(['blame', dir, '--json']);
  after = report();
  blame = JSON.parse(readFileSync(join(dir, 'blame.json'), 'utf8')) as BlameReport;
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('blame in the report', () => {
  it('says in each failed drill-down, and only there, how to get blame when blame.json is absent', () => {
    expect(failed.map((r) => r.id)).toContain(DROPPED);
    const hint = 'Blame by intervention: not computed. Run <code>faultline blame DIR</code>';
    for (const r of failed) expect(drilldown(before, r.id)).toContain(hint);
    expect(before.split(hint).length - 1).toBe(failed.length);
    expect(before).not.toContain('<div class="blame-summary">');
  });

  it('faultline blame rewrites the report, whose drill-down shows the blamed role and step next to the metrics’ cause', () => {
    expect(blamed.code).toBe(0);
    expect(JSON.parse(blamed.stdout)).toEqual(blame);
    expect(blamed.stderr).toContain(`Report rewritten with blame: ${join(dir, 'report.html')}`);
    expect(blame.episodes.map((e) => e.episode)).toEqual(failed.map((r) => r.id));
    const d = drilldown(after, DROPPED);
    expect(d).toContain(
      '<strong>Blame by intervention: planner, step 13</strong> (a single corrected action at that step flips the failure)',
    );
    expect(d).toContain(
      'Role swaps that flip it (one role replaced by the oracle’s agent for the whole episode): planner, executor.',
    );
    expect(d).toContain(
      'Agrees with the metrics’ primary cause: context loss at handoffs at step 13 by planner — same role, same step.',
    );
    expect(d).toContain('◆ decisive (blame)');
    expect(d).not.toContain('not computed');
    for (const r of failed) {
      const e = blame.episodes.find((x) => x.episode === r.id);
      const primary = r.metrics?.primary;
      expect(e?.step, r.id).not.toBeNull();
      expect(drilldown(after, r.id)).toContain(`Blame by intervention: ${e?.role}, step ${e?.step}</strong>`);
      expect(drilldown(after, r.id)).toContain(`at step ${primary?.step} by ${primary?.role}`);
    }
    expect(after).toContain(
      `blame: replacing planner fixes ${blame.roles.find((t) => t.role === 'planner')?.fixes} of ${failed.length} failures`,
    );
  });

  it('a corrupt or foreign blame.json is a note, and the report is still written', async () => {
    const corrupt = await reportWith('{"format": "faultline.blame/1", "episodes": [');
    expect(corrupt).toContain('Blame by intervention is not shown: blame.json is not valid JSON');
    expect(drilldown(corrupt, DROPPED)).toContain('blame.json could not be read');
    const foreign = await reportWith(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(foreign).toContain(
      'Blame by intervention is not shown: blame.json is not a faultline blame report (format &quot;faultline.blame/1&quot;): format:',
    );
    expect(drilldown(foreign, DROPPED)).not.toContain('Blame by intervention: planner');
  });

  it('ignores entries for other episodes, leaves out entries that do not parse, and flags entries made for another outcome', async () => {
    const [first, ...rest] = blame.episodes as EpisodeBlame[];
    expect(first?.episode).toBe('filesystem.rename-symbol-v1__fact-drop-silent__s0__t0');
    const stranger = { ...first, episode: 'elsewhere__s9__t0', role: 'reviewer', step: 2 };
    const stale = { ...rest[0], outcome: 'gave_up' };
    const html = await reportWith(
      JSON.stringify({ ...blame, episodes: [first, stale, ...rest.slice(1), stranger, { episode: 42 }] }),
    );
    expect(drilldown(html, DROPPED)).toContain('Blame by intervention: planner, step 13</strong>');
    expect(html).not.toContain('elsewhere__s9__t0');
    expect(html).toContain('1 entry of blame.json names an episode this run does not have and was ignored.');
    expect(html).toContain(
      `1 entry of blame.json could not be read and was left out (episodes[${blame.episodes.length + 1}]: episode: Invalid input: expected string, received number).`,
    );
    expect(drilldown(html, rest[0]?.episode ?? '')).toContain(
      'blame.json’s entry was made when this episode ended in gave_up; it is now recorded as failure.',
    );
    expect(failed).toHaveLength(2);
    expect(html).toContain('over 1 blamed failure</p>');
    expect(html).toContain('1 failed episode of 2 has no current entry in blame.json.');
  });

  it('says undecided, bounded, unjudged, not reproduced and disagreeing blame plainly', async () => {
    const [dropped, own] = blame.episodes as EpisodeBlame[];
    expect(own?.episode).toBe('filesystem.rename-symbol-v1__own-mistake__s0__t0');
    const bounded = { ...dropped, role: null, step: null, bounded: true, stepsTried: 7, flips: [] };
    const other = { ...own, role: 'planner', step: 9, unknownSteps: [3, 5], reproduced: false };
    const html = await reportWith(JSON.stringify({ ...blame, episodes: [bounded, other] }));
    const b = drilldown(html, DROPPED);
    expect(b).toContain(
      '<strong>Blame by intervention: undecided</strong> — the bound on interventions stopped the search after 7 of 41 steps',
    );
    expect(b).toContain('(blame names no step to compare with)');
    expect(b).not.toContain('◆ decisive (blame)');
    const o = drilldown(html, own?.episode ?? '');
    expect(o).toContain('<strong>Blame by intervention: planner, step 9</strong>');
    expect(o).toContain('The correction at steps 3, 5, before it, could not be judged');
    expect(o).toContain('Re-running the episode as recorded did not give the recorded trajectory');
    expect(o).toContain(
      'Differs from the metrics’ primary cause (cascading errors at step 15 by executor): blame names planner at step 9, 6 steps earlier.',
    );
    expect(html).toContain('blame names the metrics’ primary-cause role in 0 of 1 (and its step in 0)');
    const none = await reportWith(
      JSON.stringify({ ...blame, episodes: [{ ...bounded, bounded: false, stepsTried: 41 }] }),
    );
    expect(drilldown(none, DROPPED)).toContain(
      '<strong>Blame by intervention: no single step</strong> — no single corrected action flips the failure (41 steps tried)',
    );
  });

  it('reads every field blame writes', () => {
    // Compile-time: an EpisodeBlame is a BlameEntry (its arrays copied, as they are readonly).
    const asEntry = (e: EpisodeBlame): BlameEntry => ({
      ...e,
      flips: [...e.flips],
      swaps: [...e.swaps],
      unknownSteps: [...e.unknownSteps],
    });
    // Run time: validation keeps every field of what blame wrote (zod drops fields it does not know).
    expect(blame.episodes.length).toBeGreaterThan(0);
    for (const e of blame.episodes) expect(blameEntrySchema.parse(e)).toEqual(asEntry(e));
  });
});
