/**
 * The report of a run whose teams noted model calls: the episode view shows each step's model
 * turn next to the env event (escaped), the handoff the audit flagged shows what the model wrote
 * there, and the overview shows tokens and cost per success. The run directory is written by the
 * recorder from episodes of teams that note synthetic model calls (test/fixtures/talking-team.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { gatherReport } from '../../src/report/html/gather.js';
import { renderReportData } from '../../src/report/html/render.js';
import { anchorId } from '../../src/report/html/sections/common.js';
import { replySteps, turnCell } from '../../src/report/html/sections/turn.js';
import type { EpisodeRecord } from '../../src/run/records.js';
import { runEvaluation } from '../../src/run/runner.js';
import { findTeam, registerTeam } from '../../src/team/agent.js';
import type { TrajectoryStep } from '../../src/team/episode.js';
import { escapeHtml } from '../../src/report/html/escape.js';
import { usd } from '../../src/report/html/format.js';
import { compactCount } from '../../src/report/html/sections/cost.js';
import { SCRIPT } from '../../src/report/html/script.js';
import { createLossyHandoffTeam } from '../../agents/index.js';
import { MODEL_XSS, syntheticCall, talkingTeam } from '../fixtures/talking-team.js';

const ENV = 'filesystem/rename-symbol-v1';

let root: string;
let dir: string;
let records: readonly EpisodeRecord[];
let html: string;

beforeAll(async () => {
  loadBuiltins();
  // Receivers that act on what arrived: the lost facts do harm, so its episodes fail.
  registerTeam(talkingTeam('talking-lossy', createLossyHandoffTeam({ checkBriefs: false })));
  registerTeam(talkingTeam('talking-oracle', findTeam('oracle')!));
  root = mkdtempSync(join(tmpdir(), 'faultline-report-turns-'));
  dir = join(root, 'run');
  ({ records } = await runEvaluation({
    envs: [ENV],
    teams: ['oracle', 'talking-lossy', 'talking-oracle'],
    seeds: [0, 1],
    out: dir,
  }));
  html = renderReportData(gatherReport(dir));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An integer as the report writes it (thin-space thousands separators). */
const int = (x: number) => String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202F');

/** The HTML of one episode's drill-down. */
function drilldown(record: EpisodeRecord): string {
  const start = html.indexOf(`id="${anchorId('ep', record.id)}"`);
  expect(start, `no drill-down for ${record.id}`).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</table>', start));
}

/** The trajectory steps the recorder wrote for an episode. */
function stepsOf(record: EpisodeRecord): TrajectoryStep[] {
  const lines = readFileSync(join(dir, record.trajectoryFile), 'utf8').trim().split('\n');
  return lines.slice(1, -1).map((l) => JSON.parse(l) as TrajectoryStep);
}

describe('a run whose team noted model calls', () => {
  it('is recorded with a turn on every step and usage on every record', () => {
    const talking = records.filter((r) => r.team.startsWith('talking-'));
    expect(talking).toHaveLength(4);
    for (const r of talking) {
      const steps = stepsOf(r);
      expect(steps.every((s) => s.turn !== undefined && s.turn.calls.length === 1)).toBe(true);
      expect(r.usage?.calls).toBe(steps.length);
    }
    expect(records.filter((r) => r.team === 'oracle').every((r) => r.usage === undefined)).toBe(true);
  });

  it('escapes everything the model wrote', () => {
    // The report's own script is the only one.
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html).toContain(`<script>${SCRIPT}</script></body>`);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</details><script');
    expect(html).not.toContain('<b>slow down</b>');
    expect(html).not.toContain('\u202E');
    expect(html).toContain(escapeHtml(MODEL_XSS));
    expect(html).toContain('⟨U+202E⟩evil');
  });

  it('shows each step’s model turn next to the env event: text, reasoning collapsed, tool calls, figures', () => {
    const failed = records.find((r) => r.team === 'talking-lossy' && !r.success)!;
    expect(failed).toBeDefined();
    const view = drilldown(failed);
    expect(view).toContain('<th>model turn</th>');
    // The first call: its figures, its note, its reasoning inside a closed <details>.
    expect(view).toContain('#1 scripted-model · 100 + 11 tokens · $0.000100 · 201 ms');
    expect(view).toContain(escapeHtml('note: reminder sent <script>alert("note")</script>'));
    expect(view).toMatch(
      /<details class="reasoning"><summary>reasoning \(\d+ chars\)<\/summary><div class="model-text">Reasoning 1: &lt;\/details&gt;&lt;script&gt;/,
    );
    // The second call was retried after a 429.
    expect(view).toContain(escapeHtml('1 retry: 429 (rate limited <b>slow down</b>; waited 1\u202F000 ms)'));
    expect(view).toContain('(50 cached)');
    // The tool call the step executes is marked; a second one the reply asked for is not.
    expect(view).toMatch(
      /<li class="executed" title="tool call 1: call_3">.*?<span class="badge badge-executed">this step<\/span><\/li><li title="tool call 2: call_3_b">/,
    );
    expect(view).toContain('model usage');
  });

  it('the handoff the audit flagged shows what the model wrote there', () => {
    const failed = records.filter((r) => r.team === 'talking-lossy' && !r.success);
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      const flagged = drilldown(r)
        .split('<tr')
        .filter((row) => row.includes('turn-handoff-loss'));
      expect(flagged.length, r.id).toBeGreaterThan(0);
      for (const row of flagged) {
        // The env's side: the handoff and its audit's lost facts; the model's side: its own words.
        expect(row).toContain('handoff → ');
        expect(row).toMatch(/class="err">(lost|misstated|lost in transit|missing): /);
        expect(row).toContain('what the model wrote at this handoff');
        const step = Number(/<td class="num">(\d+)/.exec(row)?.[1]);
        const action = stepsOf(r).find((s) => s.step === step)!;
        const text = action.turn!.calls[0]!.message.content!;
        expect(text).toContain('Handing over to');
        expect(row).toContain(escapeHtml(text).replace('\u202E', '⟨U+202E⟩'));
      }
    }
  });

  it('shows tokens and cost per success next to pass^k', () => {
    expect(html).toContain('<th>tokens / success</th><th>cost / success</th>');
    const oracle = records.filter((r) => r.team === 'talking-oracle');
    const successes = oracle.filter((r) => r.success).length;
    expect(successes).toBeGreaterThan(0);
    const tokens = oracle.reduce((n, r) => n + r.usage!.promptTokens + r.usage!.completionTokens, 0);
    const cost = oracle.reduce((n, r) => n + r.usage!.costUsd!, 0);
    const calls = oracle.reduce((n, r) => n + r.usage!.calls, 0);
    const talking = records.filter((r) => r.usage);
    const all = talking.reduce((n, r) => n + r.usage!.promptTokens + r.usage!.completionTokens, 0);
    expect(html).toContain(
      `<dt>model calls</dt><dd>${talking.reduce((n, r) => n + r.usage!.calls, 0)} (${talking.length} retries)</dd>`,
    );
    expect(html).toContain(`<dt>tokens</dt><dd>${int(all)}</dd>`);
    // Every world at its family's own size: the header names no world size.
    expect(html).not.toContain('<dt>world size</dt>');
    const row = html.split('<tr').find((r) => r.includes('talking-oracle</td>'))!;
    expect(row).toContain(
      `${int(tokens / successes)}<br><span class="muted">${int(tokens)} in ${int(calls)} calls</span>`,
    );
    const usd = (x: number) => `$${x >= 1 ? x.toFixed(2) : x.toPrecision(3)}`;
    expect(row).toContain(`${usd(cost / successes)}<br><span class="muted">${usd(cost)} in all</span>`);
    // A team that called no model has dashes in those columns.
    const plain = html.split('<tr').find((r) => /swatch-box[^>]*><\/span>oracle<\/td>/.test(r))!;
    expect(plain).toMatch(/<td class="num">–<\/td><td class="num">–<\/td>/);
  });

  it('charts tokens and cost per success for the teams that called models, each bar labelled', () => {
    const start = html.indexOf('<section id="cost">');
    expect(start).toBeGreaterThan(html.indexOf('<section id="overview">'));
    expect(start).toBeLessThan(html.indexOf('<section id="consistency">'));
    expect(html).toContain('<a href="#cost">Cost and tokens per success</a>');
    const section = html.slice(start, html.indexOf('</section>', start));
    const charts = section.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(charts).toHaveLength(2);
    const [tokensChart, costChart] = charts as [string, string];
    for (const team of ['talking-lossy', 'talking-oracle']) {
      const cell = records.filter((r) => r.team === team);
      const successes = cell.filter((r) => r.success).length;
      const tokens = cell.reduce((n, r) => n + r.usage!.promptTokens + r.usage!.completionTokens, 0);
      const cost = cell.reduce((n, r) => n + r.usage!.costUsd!, 0);
      expect(tokensChart).toContain(`>${team}</text>`);
      expect(costChart).toContain(`>${team}</text>`);
      if (successes === 0) {
        expect(tokensChart).toContain(`${ENV} — ${team}: no success`);
      } else {
        expect(tokensChart).toContain(`${ENV} — ${team}: ${compactCount(tokens / successes)}`);
        expect(costChart).toContain(`${ENV} — ${team}: ${usd(cost / successes)}`);
      }
    }
    // The scripted oracle called no model: it has no bar.
    expect(tokensChart).not.toContain('>oracle</text>');
  });

  it('a run without model calls has no usage columns, no model column and no cost section', () => {
    const data = gatherReport(dir);
    const plain = renderReportData({ ...data, cells: data.cells.filter((c) => c.summary.team === 'oracle') });
    expect(plain).not.toContain('tokens / success');
    expect(plain).not.toContain('model turn');
    expect(plain).not.toContain('id="cost"');
    expect(plain).not.toContain('href="#cost"');
  });
});

describe('a step that runs a tool call of an earlier reply', () => {
  const earlier = {
    step: 4,
    role: 'planner',
    turn: {
      calls: [
        {
          ...syntheticCall(7, { type: 'tool', tool: 'search', args: { pattern: 'x' } }).call,
          message: {
            content: 'Searching, then I brief the executor <script>x</script>',
            toolCalls: [
              { id: 'call_a', name: 'search', arguments: '{"pattern":"x"}' },
              { id: 'call_<b>', name: 'handoff', arguments: '{"to":"executor","text":"go"}' },
            ],
          },
        },
      ],
      toolCall: { id: 'call_a', index: 0, of: 2 },
    },
  } as unknown as TrajectoryStep;
  const step = {
    step: 5,
    role: 'planner',
    turn: { calls: [], toolCall: { id: 'call_<b>', index: 1, of: 2 } },
  } as unknown as TrajectoryStep;
  const replies = replySteps([earlier, step]);

  it('says which call and where it was returned', () => {
    const out = turnCell(step, replies, false);
    expect(out).toContain('no new model call: runs tool call 2 of 2 returned at step 4');
    expect(out).toContain('<code>call_&lt;b&gt;</code>');
    expect(out).not.toContain('Searching');
  });

  it('at a flagged handoff, shows the words of that reply', () => {
    const out = turnCell(step, replies, true);
    expect(out).toContain('what the model wrote at this handoff (its reply at step 4)');
    expect(out).toContain('Searching, then I brief the executor &lt;script&gt;x&lt;/script&gt;');
  });
});
