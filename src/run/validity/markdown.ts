/**
 * The experiment as Markdown (what the README's matrix block holds): the confusion matrix, the
 * detection rates per profile, and the per-metric statements.
 */
import { FAILURE_MODES, type FailureMode } from '../../metrics/index.js';
import type { MetricStatement, Rate, ValidityRow } from './aggregate.js';

/** Short column labels; a mode without one is shown by its id. */
const MODE_LABELS: Readonly<Partial<Record<string, string>>> = {
  alignmentDrift: 'drift',
  handoffContextLoss: 'context loss',
  cascadingErrors: 'cascade',
  recoveryFailure: 'no recovery',
  noProgress: 'no progress',
  injectionFollowed: 'injection followed',
};

/** The short label of a mode. */
export function modeLabel(mode: FailureMode): string {
  return MODE_LABELS[mode] ?? mode;
}

function pct(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(0)}%`;
}

function withN({ rate, n }: Rate): string {
  return rate === null ? '— (n=0)' : `${pct(rate)} (n=${n})`;
}

/** The confusion matrix (teams × modes, fraction of episodes flagged) for one profile. */
export function confusionMatrixMarkdown(rows: readonly ValidityRow[], profile: string): string {
  const out = [
    `| team (${profile}) | must be flagged for | success | ${FAILURE_MODES.map(modeLabel).join(' | ')} |`,
    `|---|---|---:|${FAILURE_MODES.map(() => '---:').join('|')}|`,
  ];
  for (const r of rows.filter((x) => x.profile === profile)) {
    const own = r.expected === null ? [] : [r.expected, ...r.accepts];
    const cells = FAILURE_MODES.map((m) => (own.includes(m) ? `**${pct(r.flagged[m])}**` : pct(r.flagged[m])));
    out.push(
      `| ${r.team} | ${own.length > 0 ? own.map(modeLabel).join(' or ') : 'nothing'} | ${pct(r.successRate)} | ${cells.join(' | ')} |`,
    );
  }
  return out.join('\n');
}

/**
 * Per team and profile: a flawed team's own mode where its defect acted, a quiet team's episodes
 * flagged for any mode; last, the primary cause at the right step and role over the flawed teams.
 */
export function detectionMarkdown(rows: readonly ValidityRow[]): string {
  const profiles = [...new Set(rows.map((r) => r.profile))];
  const teams = [...new Set(rows.map((r) => r.team))];
  const out = [`| team | figure | ${profiles.join(' | ')} |`, `|---|---|${profiles.map(() => '---:').join('|')}|`];
  for (const team of teams) {
    const of = (profile: string) => rows.find((r) => r.profile === profile && r.team === team);
    const first = rows.find((r) => r.team === team);
    const expected = first?.expected ?? null;
    if (expected === null) {
      out.push(`| ${team} | flagged, any mode | ${profiles.map((p) => pct(of(p)?.anyMode ?? null)).join(' | ')} |`);
      continue;
    }
    const cell = (p: string) => {
      const r = of(p);
      return r ? withN({ rate: r.ownModeWhenTriggered, n: r.triggered }) : '';
    };
    const own = [expected, ...(first?.accepts ?? [])].map(modeLabel).join(' or ');
    out.push(`| ${team} | ${own} when triggered | ${profiles.map(cell).join(' | ')} |`);
  }
  const attribution = profiles.map((p) => {
    const judged = rows.filter((r) => r.profile === p && r.expected !== null && r.primaryRight !== null);
    const n = judged.reduce((a, r) => a + r.primaryJudged, 0);
    const right = judged.reduce((a, r) => a + (r.primaryRight ?? 0) * r.primaryJudged, 0);
    return n > 0 ? withN({ rate: right / n, n }) : '—';
  });
  out.push(`| all flawed teams | primary cause at the right step and role | ${attribution.join(' | ')} |`);
  return out.join('\n');
}

/** One row per metric: sensitivity on its teams, false positives on each quiet team, attribution. */
export function metricStatementsMarkdown(statements: readonly MetricStatement[]): string {
  if (statements.length === 0) return 'No team of this run is flawed, so no metric is judged.';
  const quiet = statements[0]?.falsePositives.map((f) => f.team) ?? [];
  const out = [
    `| metric | sensitivity on its team(s), where triggered | ${quiet.map((t) => `false positives: ${t}`).join(' | ')} | attribution |`,
    `|---|---|${quiet.map(() => '---:').join('|')}|---:|`,
  ];
  for (const s of statements) {
    const sensitivity = s.sensitivity.map((x) => `${x.team} ${withN(x)}`).join(', ');
    const fp = s.falsePositives.map((x) => withN(x));
    out.push(`| ${modeLabel(s.mode)} | ${sensitivity} | ${fp.join(' | ')} | ${withN(s.attribution)} |`);
  }
  return out.join('\n');
}

/** What {@link validityMarkdown} says about the run it shows. */
export interface ValidityRunInfo {
  readonly envs: number;
  readonly seeds: number;
  /** The command that regenerates the text. */
  readonly command: string;
}

/** The whole experiment as Markdown: the confusion matrix, detection per profile, and the per-metric statements. */
export function validityMarkdown(
  report: { readonly rows: readonly ValidityRow[]; readonly metrics: readonly MetricStatement[] },
  run: ValidityRunInfo,
): string {
  const profiles = [...new Set(report.rows.map((r) => r.profile))];
  const main = profiles.includes('production') ? 'production' : (profiles[0] ?? 'production');
  return [
    `Confusion matrix: fraction of episodes flagged for each mode (${run.envs} envs × ${run.seeds} seeds per team; a team's own mode in bold).`,
    '',
    confusionMatrixMarkdown(report.rows, main),
    '',
    'Detection per profile: a flawed team flagged for its own mode where its defect acted (n = those episodes), a quiet team flagged for any mode (all its episodes), and the primary cause at the right step and role:',
    '',
    detectionMarkdown(report.rows),
    '',
    `Per metric, over every profile (${profiles.join(', ')}):`,
    '',
    metricStatementsMarkdown(report.metrics),
    '',
    `Generated by \`${run.command}\`.`,
  ].join('\n');
}
