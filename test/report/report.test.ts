import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { registerReportCommand } from '../../src/cli/report-command.js';
import { loadBuiltins } from '../../src/builtins.js';
import { registerTeam, type Agent, type Team } from '../../src/team/agent.js';
import { runEvaluation } from '../../src/run/runner.js';
import type { EpisodeRecord } from '../../src/run/records.js';
import { renderReport, renderReportData } from '../../src/report/html/render.js';
import { gatherReport } from '../../src/report/html/gather.js';
import { failureIndexSection } from '../../src/report/html/sections/failure-index.js';
import { writeReport } from '../../src/report/html/write.js';
import { anchorId } from '../../src/report/html/sections/common.js';
import { SECTIONS } from '../../src/report/html/sections/header.js';
import { SCRIPT } from '../../src/report/html/script.js';
import { assignTeamColours } from '../../src/report/html/team-colours.js';

const ENV = 'filesystem/rename-symbol-v1';
const XSS = '<script>alert(1)</script>';

/**
 * A team whose every string is hostile: tool names and arguments (echoed back in the env's error
 * messages), a question, an invalid action, handoff text and fact keys, a bidi override, an
 * answer — and, in trial 1, an agent that throws with a hostile message.
 */
const hostileTeam: Team = {
  id: 'hostile',
  description: 'test team: hostile strings everywhere',
  createAgents(start) {
    const scripts: Record<string, unknown[]> = {
      [start.entryRole]: [
        { type: 'tool', tool: XSS, args: {} },
        { type: 'tool', tool: 'read_file', args: { path: `src/${XSS}.ts` } },
        { type: 'ask', question: `"><img src=x onerror=alert(1)> ${XSS}` },
        `{"type":"tool","tool":"${XSS}"`,
        {
          type: 'handoff',
          to: start.roles.find((r) => r.id !== start.entryRole)?.id ?? start.entryRole,
          message: { text: `</style>${XSS} \u202Eevil`, facts: { '<img src=x onerror=alert(1)>': XSS } },
        },
        { type: 'finish', status: 'done', answer: `Done ${XSS}` },
      ],
    };
    const agents: Record<string, Agent> = {};
    for (const role of start.roles) {
      let i = 0;
      agents[role.id] = {
        act: () => {
          if (start.trial === 1 && role.id === start.entryRole && i === 2) throw new Error(`model crashed: ${XSS}`);
          const script = scripts[role.id];
          if (script) return script[Math.min(i++, script.length - 1)];
          return { type: 'handoff', to: start.entryRole, message: `back to you ${XSS}` };
        },
      };
    }
    return agents;
  },
};

let root: string;
let dir: string;
let records: readonly EpisodeRecord[];
let html: string;

beforeAll(async () => {
  loadBuiltins();
  registerTeam(hostileTeam);
  root = mkdtempSync(join(tmpdir(), 'faultline-report-'));
  dir = join(root, 'run');
  ({ records } = await runEvaluation({
    envs: [ENV],
    teams: ['oracle', 'brittle', 'hostile'],
    seeds: [0, 1, 2],
    trials: 2,
    perturb: 'production',
    out: dir,
  }));
  html = renderReport(dir);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('renderReport', () => {
  it('escapes every string that came from an agent', () => {
    expect(records.some((r) => r.team === 'hostile' && r.outcome === 'agent_error')).toBe(true);
    // The report's own script is the only one, and it is the last element of the body.
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html).toContain(`<script>${SCRIPT}</script></body>`);
    expect(html).not.toMatch(/<img/i);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(html).not.toContain('\u202E');
    // The hostile strings are there, as text: the drill-downs show them.
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('⟨U+202E⟩evil');
    expect(html).toContain('model crashed: &lt;script&gt;');
  });

  it('is self-contained: no stylesheets, frames or fetched resources, and only its own script may run', () => {
    expect(html.replace(`<script>${SCRIPT}</script>`, '')).not.toMatch(
      /<(script|link|iframe|object|embed|img|base)\b/i,
    );
    // The policy allows exactly the report's script, by its hash, and nothing else.
    const hash = createHash('sha256').update(SCRIPT).digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}';`);
    expect(html).not.toMatch(/script-src[^;]*unsafe/);
    expect(html).not.toMatch(/\b(src|href|xlink:href|action)\s*=\s*["']?\s*(https?:|\/\/|data:|javascript:)/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain("default-src 'none'");
  });

  it('renders the same run directory to the same bytes, whatever order episodes.jsonl was written in', () => {
    expect(renderReport(dir)).toBe(html);
    // A copy with the same name whose episodes.jsonl lines are in another order (as with workers).
    const copy = join(root, 'copy', 'run');
    mkdirSync(join(root, 'copy'));
    cpSync(dir, copy, { recursive: true });
    const lines = readFileSync(join(copy, 'episodes.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(copy, 'episodes.jsonl'), `${lines.reverse().join('\n')}\n`);
    expect(renderReport(copy)).toBe(html);
    // The handoff sample and the drill-downs are chosen the same way in any order, too.
    const limits = { handoffSamplePerCell: 2, drilldownsPerCell: 1 };
    expect(renderReport(copy, limits)).toBe(renderReport(dir, limits));
  });

  it('has every section, with charts and legends', () => {
    for (const [id] of SECTIONS) expect(html).toContain(`<section id="${id}">`);
    expect(html.match(/<svg /g)?.length).toBeGreaterThan(5);
    expect(html.match(/<ul class="legend">/g)?.length).toBeGreaterThan(5);
    expect(html).toMatch(/\d+\.\d% \[\d+\.\d, \d+\.\d\]/);
    for (const word of ['pass^k', 'failure to recover', 'intent kept', 'fidelity', 'recovered'])
      expect(html).toContain(word);
  });

  it('drills down into failed episodes only, marking the step where each went wrong', () => {
    const failed = records.filter((r) => !r.success);
    const passed = records.filter((r) => r.success);
    expect(failed.length).toBeGreaterThan(0);
    expect(passed.length).toBeGreaterThan(0);
    for (const r of failed) expect(html).toContain(`id="${anchorId('ep', r.id)}"`);
    for (const r of passed) expect(html).not.toContain(`id="${anchorId('ep', r.id)}"`);
    expect(html).toContain('⚑ went wrong here');
    expect(html).toContain('<table class="timeline">');
  });

  it('caps the drill-downs per cell and says how many more failed', () => {
    const capped = renderReport(dir, { drilldownsPerCell: 1 });
    const failedHostile = records.filter((r) => r.team === 'hostile' && !r.success).length;
    expect(capped).toContain(`Showing the first 1; ${failedHostile - 1} more failed episodes are in episodes.jsonl.`);
    expect(capped.length).toBeLessThan(html.length);
  });

  it('puts a failed-episode index near the top, each row linking to its drill-down', () => {
    const at = html.indexOf('<section id="failure-index">');
    expect(at).toBeGreaterThan(html.indexOf('<section id="overview">'));
    expect(at).toBeLessThan(html.indexOf('<section id="consistency">'));
    const index = html.slice(at, html.indexOf('</section>', at));
    const failed = records.filter((r) => !r.success);
    const rows = index.match(/<tr data-order=[\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(failed.length);
    for (const r of failed) {
      const id = anchorId('ep', r.id);
      const row = rows.find((x) => x.includes(`href="#${id}"`));
      expect(row, r.id).toBeDefined();
      // The link lands on a drill-down that exists, and the row says which episode it is.
      expect(html).toContain(`<details class="episode" id="${id}">`);
      expect(row).toContain(`<td class="num" data-sort="${r.seed}">${r.seed}</td>`);
      expect(row).toContain(`>${r.team}</td>`);
      const step = r.metrics?.primary?.step ?? r.error?.step;
      if (step !== undefined) expect(row).toContain(`<td class="num" data-sort="${step}">${step}</td>`);
    }
    // Sortable: every column but the link has a header button.
    expect(index).toContain('<table class="sortable failure-index">');
    expect(index.match(/<th[^>]*><button type="button">/g)?.length).toBe(8);
    // One level of collapsing: episodes are no longer inside a collapsed cell.
    expect(html).not.toContain('<details class="cell-failures">');
  });

  it('caps the index, taking rows from every cell, and says how many failed in all', () => {
    const data = gatherReport(dir);
    const capped = failureIndexSection(data, 3);
    const rows = capped.match(/<tr data-order=/g) ?? [];
    expect(rows).toHaveLength(3);
    const failed = records.filter((r) => !r.success).length;
    expect(capped).toContain(`Listed: 3 of the ${failed} failed episodes, taken evenly from every cell`);
    for (const team of new Set(records.filter((r) => !r.success).map((r) => r.team)))
      expect(capped).toContain(`>${team}</td>`);
  });

  it('says there is nothing to link to when the report keeps no drill-downs', () => {
    const none = renderReport(dir, { drilldownsPerCell: 0 });
    const at = none.indexOf('<section id="failure-index">');
    const index = none.slice(at, none.indexOf('</section>', at));
    expect(index).toContain('the report keeps no drill-downs (a limit of 0 per cell)');
    expect(index).not.toContain('<table');
  });

  it('colours each team by its id, in every table and chart', () => {
    const colours = assignTeamColours(['oracle', 'brittle', 'hostile']);
    for (const [team, colour] of colours) {
      expect(colour).toBe(assignTeamColours([team]).get(team));
      expect(html).toContain(`<span class="swatch swatch-box" style="--c:${colour}"></span>${team}</td>`);
      expect(html).toContain(`<li><span class="swatch swatch-line" style="--c:${colour}"></span>${team}</li>`);
    }
  });

  it('labels every bar of the failure-mode chart with its team, 0% bars included', () => {
    const at = html.indexOf('<section id="failure-modes">');
    const svg = html.slice(at, html.indexOf('</svg>', at));
    const teams = ['brittle', 'hostile', 'oracle'];
    for (const team of teams)
      expect(svg.match(new RegExp(`class="bar-label" text-anchor="end">${team}</text>`, 'g'))).toHaveLength(6);
    // The oracle shows no failure mode: six 0% bars, each named.
    expect(svg).toContain('— oracle: 0.0% [0.0,');
  });

  it('draws every drift card on one y scale', () => {
    const data = gatherReport(dir);
    const high = data.cells.map((c) => ({
      ...c,
      summary: { ...c.summary, env: 'zz/steady-v1' },
      drift: { ...c.drift, all: c.drift.all.map(() => ({ mean: 0.99, low: 0.98, high: 1 })), failed: [] },
    }));
    const two = renderReportData({ ...data, cells: [...data.cells, ...high], envs: [...data.envs, 'zz/steady-v1'] });
    const at = two.indexOf('<section id="drift">');
    const charts = two.slice(at, two.indexOf('</section>', at)).match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(charts).toHaveLength(2);
    const yTicks = (svg: string) =>
      [...svg.matchAll(/<text [^>]*class="tick" text-anchor="end">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(yTicks(charts[0] as string).length).toBeGreaterThan(1);
    expect(yTicks(charts[1] as string)).toEqual(yTicks(charts[0] as string));
  });

  it('writes well-formed markup: every element closed, SVG included', () => {
    expect(unbalancedTags(html)).toEqual([]);
    for (const svg of html.match(/<svg[\s\S]*?<\/svg>/g) ?? []) {
      expect(unbalancedTags(svg)).toEqual([]);
      expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  it('names the directory when it is not a run directory', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(() => renderReport(empty)).toThrow(
      /"[^"]*empty" is not a run directory \(no summary\.json and no episodes\.jsonl\)/,
    );
    expect(() => renderReport(join(root, 'missing'))).toThrow(/missing" is not a directory/);
  });

  it('faultline report DIR writes DIR/report.html and prints its path and size', async () => {
    expect(buildProgram().commands.map((c) => c.name())).toContain('report');
    const program = new Command().exitOverride();
    registerReportCommand(program);
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(['node', 'faultline', 'report', dir]);
    } finally {
      write.mockRestore();
    }
    expect(printed.join('')).toMatch(
      new RegExp(`Report: ${escapeRegExp(join(dir, 'report.html'))} \\(\\d+(\\.\\d)? (B|kB|MB), \\d+\\.\\d s\\)`),
    );
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(html);
    await expect(program.parseAsync(['node', 'faultline', 'report', root])).rejects.toThrow(
      `"${root}" is not a run directory`,
    );
    expect(writeReport(dir)).toBe(join(dir, 'report.html'));
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'wbr', 'col', 'area', 'base', 'source']);

/** Tags opened and not closed (or closed and not open), by a simple stack walk. */
function unbalancedTags(markup: string): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  const body = markup.replace(/<!doctype[^>]*>/i, '').replace(/<style>[\s\S]*?<\/style>/, '');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    const tag = (name as string).toLowerCase();
    if (selfClosing || VOID.has(tag)) continue;
    if (!closing) stack.push(tag);
    else if (stack[stack.length - 1] === tag) stack.pop();
    else problems.push(`</${tag}> while <${stack[stack.length - 1] ?? '(none)'}> is open`);
  }
  return [...problems, ...stack.map((t) => `<${t}> never closed`)];
}
