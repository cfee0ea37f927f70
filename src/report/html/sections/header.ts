/**
 * The top of the report: what was run (from the records, and from `run.json` when present),
 * and the table of contents.
 */
import { escapeHtml } from '../escape.js';
import { int, num, plural, usd } from '../format.js';
import type { ReportData } from '../model.js';
import { code, type Html } from './common.js';
import { COST_SECTION, hasUsage } from './cost.js';

/** The sections, in page order: anchor and title. */
export const SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ['overview', 'Overview'],
  ['failure-index', 'Failed episodes at a glance'],
  ['consistency', 'Success and consistency per cell'],
  ['failure-modes', 'Failure modes'],
  ['drift', 'Alignment drift'],
  ['handoffs', 'Handoff fidelity'],
  ['recovery', 'Recovery from perturbations'],
  ['failed-episodes', 'Failed episodes'],
];

/** The sections of this report: {@link SECTIONS}, with the cost section when teams recorded usage. */
export function sectionsOf(data: ReportData): ReadonlyArray<readonly [string, string]> {
  if (!hasUsage(data)) return SECTIONS;
  const at = SECTIONS.findIndex(([id]) => id === 'failure-index') + 1;
  return [...SECTIONS.slice(0, at), COST_SECTION, ...SECTIONS.slice(at)];
}

/** The run's model calls, tokens and cost, when any team made model calls. */
function usageFacts(data: ReportData): Array<[string, Html]> {
  const cells = data.cells.flatMap((c) => (c.usage ? [c.usage] : []));
  if (cells.length === 0) return [];
  const calls = cells.reduce((n, u) => n + u.calls, 0);
  const tokens = cells.reduce((n, u) => n + u.promptTokens + u.completionTokens, 0);
  const retries = cells.reduce((n, u) => n + u.retries, 0);
  // Summed in billionths of a dollar, as the cells are, so the total does not drift with order.
  const cost = cells.some((u) => u.costUsd === null)
    ? null
    : cells.reduce((n, u) => n + Math.round((u.costUsd ?? 0) * 1e9), 0) / 1e9;
  return [
    ['model calls', escapeHtml(`${int(calls)} (${plural(retries, 'retry', 'retries')})`)],
    ['tokens', escapeHtml(int(tokens))],
    ['cost', escapeHtml(cost === null ? 'no prices for some calls' : usd(cost))],
  ];
}

/** The page header. */
export function headerSection(data: ReportData): Html {
  const r = data.run;
  const seeds =
    r.seeds.count === 0
      ? 'none'
      : r.seeds.count === r.seeds.max - r.seeds.min + 1
        ? `${r.seeds.min}–${r.seeds.max}`
        : `${int(r.seeds.count)} seeds in ${r.seeds.min}–${r.seeds.max}`;
  const facts: Array<[string, Html]> = [
    ['episodes', escapeHtml(int(r.episodes))],
    ['envs', escapeHtml(String(data.envs.length))],
    ['teams', data.teams.map(code).join(', ')],
    ['perturbations', r.profiles.map(code).join(', ') || '–'],
    ['seeds', escapeHtml(seeds)],
    ['trials', escapeHtml(String(r.trials))],
    ['variants', escapeHtml(String(r.variants))],
    ...(r.worldSizes.length > 0
      ? [['world size', escapeHtml(r.worldSizes.map(int).join(', '))] as [string, Html]]
      : []),
    ...usageFacts(data),
    ...manifestFacts(data.manifest),
  ];
  const list = facts.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${v}</dd></div>`).join('');
  const warnings: Html[] = [];
  if (r.skippedLines > 0)
    warnings.push(
      `<p class="warning">${escapeHtml(`${plural(r.skippedLines, 'line')} of episodes.jsonl could not be parsed (a torn write?) and ${r.skippedLines === 1 ? 'was' : 'were'} left out.`)}</p>`,
    );
  const missing = data.cells.filter((c) => c.episodes !== c.summary.episodes);
  if (missing.length > 0)
    warnings.push(
      `<p class="warning">${escapeHtml(`${plural(missing.length, 'cell')} of summary.json ${missing.length === 1 ? 'has' : 'have'} a different number of records in episodes.jsonl; aggregates from records may not match the summary.`)}</p>`,
    );
  warnings.push(...analysisNotes(data));
  const nav = sectionsOf(data)
    .map(([id, title]) => `<li><a href="#${id}">${escapeHtml(title)}</a></li>`)
    .join('');
  return `<header><p class="kicker">faultline report</p><h1>${escapeHtml(data.name)}</h1><dl class="facts">${list}</dl>${warnings.join('')}<nav aria-label="Sections"><ol>${nav}</ol></nav></header>`;
}

/**
 * What `run.json` adds, when present: status, timing and workers. It is read loosely and
 * defensively, as its format belongs to the runner.
 */
function manifestFacts(m: Readonly<Record<string, unknown>> | null): Array<[string, Html]> {
  if (!m) return [];
  const out: Array<[string, Html]> = [];
  const str = (k: string) => (typeof m[k] === 'string' ? m[k] : null);
  const n = (k: string) => (typeof m[k] === 'number' && Number.isFinite(m[k]) ? m[k] : null);
  const started = str('startedAt');
  if (started) out.push(['run started', escapeHtml(started)]);
  const status = str('status');
  if (status) out.push(['status', escapeHtml(status)]);
  const seconds = n('seconds');
  if (seconds !== null) out.push(['wall time', escapeHtml(`${num(seconds, 1)} s`)]);
  const rate = n('episodesPerSecond');
  if (rate !== null) out.push(['throughput', escapeHtml(`${num(rate, 1)} episodes/s`)]);
  const workers = n('workers');
  if (workers !== null) out.push(['workers', escapeHtml(String(workers))]);
  const node = str('node');
  if (node) out.push(['node', escapeHtml(node)]);
  return out;
}

/**
 * Which analysis the figures come from, when it is not simply this code's analysis as the run
 * recorded it: recomputed on request, recorded by another version, or not recorded at all.
 */
function analysisNotes(data: ReportData): Html[] {
  const a = data.analysis;
  if (a.reanalyzed)
    return [
      `<p class="note">${escapeHtml(`Every episode was reanalyzed by this faultline (analysis version ${a.current}) instead of showing the analysis the run recorded (--reanalyze); the summary tables were recomputed from the new analyses.`)}</p>`,
    ];
  const notes: Html[] = [];
  for (const { version, episodes } of a.recorded) {
    if (version === a.current) continue;
    const text =
      version === null
        ? `${plural(episodes, 'episode')} ${episodes === 1 ? 'was' : 'were'} recorded before analyses were versioned: their figures are shown as recorded, and their drill-downs and handoff fidelity are analyzed now (analysis version ${a.current}). Run \`faultline report DIR --reanalyze\` to recompute every figure.`
        : `${plural(episodes, 'episode')} ${episodes === 1 ? 'was' : 'were'} analyzed by analysis version ${version} (this faultline has version ${a.current}): their figures are shown as the run recorded them. Run \`faultline report DIR --reanalyze\` to recompute them with this version.`;
    notes.push(`<p class="warning">${escapeHtml(text)}</p>`);
  }
  return notes;
}
