/**
 * Failed episodes: per cell, under a heading, the first failed episodes in key order (env, team,
 * seed, variant, trial), each a collapsed drill-down that the failed-episode index links to; how
 * many more there are is said, not shown, so a large run's report stays a few megabytes.
 */
import { escapeAttr, escapeHtml } from '../escape.js';
import { int, plural } from '../format.js';
import type { BlameData, CellData, ReportData } from '../model.js';
import { episodeDrilldown } from './episode.js';
import { anchorId, section, type Html } from './common.js';

/** The failed-episodes section. */
export function drilldownsSection(data: ReportData): Html {
  const withFailures = data.cells.filter((c) => c.failed > 0);
  const guide = `Open an episode (or follow its link in the index at the top) for its timeline: who acted, what they did, which tool calls failed, which perturbations fired (and what the team did about them), what each handoff carried, and which constraints broke. When the team recorded its model calls, each step also shows the model’s turn: what it wrote (its reasoning folded), the tool calls it asked for (the one the step runs marked), tokens, cost, latency and retries; at a handoff where facts were lost, the model’s own words there are shown open and labelled. The row marked ⚑ is where the episode went wrong: the step of its primary failure mode (or of the crash). Up to ${int(data.limits.drilldownsPerCell)} failed episodes are shown per cell, the first ones by seed, variant and trial.${blameGuide(data.blame)}`;
  const body =
    withFailures.length === 0
      ? '<p class="note">No episode failed.</p>'
      : withFailures.map((c) => cellBlock(c, data.blame)).join('');
  return section('failed-episodes', 'Failed episodes', escapeHtml(guide), body);
}

function cellBlock(c: CellData, blame: BlameData): Html {
  const shown = c.drilldowns.length;
  const title = `${c.summary.env} — ${c.summary.team}: ${plural(c.failed, 'failed episode')} of ${int(c.episodes)}`;
  const more =
    c.drilldownsOmitted > 0
      ? `<p class="note">${escapeHtml(`Showing the first ${shown}; ${plural(c.drilldownsOmitted, 'more failed episode')} ${c.drilldownsOmitted === 1 ? 'is' : 'are'} in episodes.jsonl.`)}</p>`
      : '';
  const id = anchorId('failures', `${c.summary.env}\u0000${c.summary.team}`);
  return `<div class="cell-failures" id="${escapeAttr(id)}"><h3>${escapeHtml(title)}</h3>${more}${c.drilldowns.map((d) => episodeDrilldown(d, blame)).join('')}</div>`;
}

/** What the guide says of blame by intervention, by the state of `blame.json`. */
function blameGuide(blame: BlameData): string {
  return blame.state === 'read'
    ? ` Each drill-down also shows blame by intervention (from blame.json): the role and earliest step whose single corrected action flips the failure (◆ in the timeline), the role swaps that flip it, and whether that agrees with the metrics’ primary cause.`
    : '';
}
