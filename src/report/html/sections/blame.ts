/**
 * Blame by intervention in the report: in each failed episode's drill-down, the role and the
 * earliest step whose single corrected action flips the failure (from `blame.json`), the role
 * swaps that flip it, and whether that agrees with the metrics' primary cause — so the two
 * attributions, one by re-running and one by reading the trajectory, are seen side by side.
 * Without `blame.json` a drill-down says in one line how to get it; with a broken one the
 * report says so once, near the top.
 */
import { isBlameableFailure } from '../../../run/blame/episode-blame.js';
import { blameIsCurrent } from '../blame-collect.js';
import type { BlameEntry } from '../blame-file.js';
import { escapeHtml, excerpt } from '../escape.js';
import { int, plural } from '../format.js';
import type { BlameData, Drilldown } from '../model.js';
import { code, MODE_LABELS, OUTCOME_LABELS, type Html } from './common.js';

/** The command that writes `blame.json` (and rewrites an existing report with it). */
const BLAME_COMMAND = 'faultline blame DIR';

/** Longest excerpt of why an intervention could not be judged. */
const REASON_CHARS = 160;

/** What a role swap's result means, in words. */
const SWAP_RESULTS: Readonly<Record<BlameEntry['swaps'][number]['result'], string>> = {
  flips: 'flips it to success',
  holds: 'fails again',
  same: 'changes nothing',
  unknown: 'could not be judged',
};

/** The step a drill-down's blame names as decisive, when its entry is current. */
export function blameStepOf(d: Drilldown): number | null {
  return d.blame && blameIsCurrent(d.blame, d.record) ? d.blame.step : null;
}

/**
 * The blame block of a failed episode's drill-down, or '' when blame does not apply (the
 * infrastructure ended the episode) and there is nothing to say about it.
 */
export function drilldownBlame(d: Drilldown, run: BlameData): Html {
  const r = d.record;
  if (!isBlameableFailure(r.outcome))
    return run.state === 'read'
      ? block([
          muted(
            `Blame by intervention: not applicable — the episode ended in ${OUTCOME_LABELS[r.outcome] ?? r.outcome}, the infrastructure’s doing, which blame does not re-run.`,
          ),
        ])
      : '';
  if (run.state === 'absent')
    return block([
      `<span class="muted">${escapeHtml('Blame by intervention: not computed. Run ')}${code(BLAME_COMMAND)}${escapeHtml(' to find the role and step whose correction flips this failure.')}</span>`,
    ]);
  if (run.state === 'unreadable')
    return block([muted('Blame by intervention: blame.json could not be read (see “Failed episodes at a glance”).')]);
  const e = d.blame;
  if (!e)
    return block([
      `<span class="muted">${escapeHtml('Blame by intervention: blame.json has no entry for this episode (only some episodes were blamed, or the run changed since). Run ')}${code(BLAME_COMMAND)}${escapeHtml(' again.')}</span>`,
    ]);
  if (!blameIsCurrent(e, r))
    return block([
      `<span class="warning-text">${escapeHtml(`Blame by intervention: blame.json’s entry was made when this episode ended in ${e.outcome}; it is now recorded as ${r.outcome}. Run `)}${code(BLAME_COMMAND)}${escapeHtml(' again.')}</span>`,
    ]);
  return block(
    [verdict(e, r.steps), ...caveats(e), swapsLine(e, run.reference), comparison(e, d)].filter((x) => x !== ''),
  );
}

/** The run's blame, for the failed-episode index: per role what its swap fixes, and agreement. */
export function runBlameSummary(run: BlameData): Html {
  if (run.state === 'absent') return '';
  if (run.state === 'unreadable')
    return `<p class="warning">${escapeHtml(`Blame by intervention is not shown: ${run.problem}. Run `)}${code(BLAME_COMMAND)}${escapeHtml(' to write it again.')}</p>`;
  const notes: string[] = [];
  if (run.blamed < run.failed)
    notes.push(
      `${plural(run.failed - run.blamed, 'failed episode')} of ${int(run.failed)} ${run.failed - run.blamed === 1 ? 'has' : 'have'} no current entry in blame.json.`,
    );
  if (run.stale > 0)
    notes.push(
      `${plural(run.stale, 'entry', 'entries')} of blame.json ${run.stale === 1 ? 'was' : 'were'} made for another outcome than the one recorded and ${run.stale === 1 ? 'is' : 'are'} not counted.`,
    );
  if (run.notInRun > 0)
    notes.push(
      `${plural(run.notInRun, 'entry', 'entries')} of blame.json name${run.notInRun === 1 ? 's' : ''} an episode this run does not have and ${run.notInRun === 1 ? 'was' : 'were'} ignored.`,
    );
  if (run.invalid > 0)
    notes.push(
      `${plural(run.invalid, 'entry', 'entries')} of blame.json could not be read and ${run.invalid === 1 ? 'was' : 'were'} left out (${run.firstProblem ?? 'unknown problem'}).`,
    );
  const caption = `<p class="subcaption">${escapeHtml(`Blame by intervention (faultline blame; reference: ${run.reference}) over ${plural(run.blamed, 'blamed failure')}`)}</p>`;
  const roles = run.roles.map(
    (t) =>
      `<li>${escapeHtml(`blame: replacing ${t.role} fixes ${t.fixes} of ${plural(t.of, 'failure')}; its step was decisive in ${t.blamed}`)}</li>`,
  );
  const agreement =
    run.agreement.of > 0
      ? `; blame names the metrics’ primary-cause role in ${run.agreement.role} of ${run.agreement.of} (and its step in ${run.agreement.step})`
      : '';
  const totals = `A single corrected action flips ${run.decided} of ${plural(run.blamed, 'blamed failure')}${agreement}.`;
  const noteHtml = notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  return `<div class="blame-summary">${caption}<ul class="blame-roles">${roles.join('')}</ul><p class="note">${escapeHtml(totals)}</p>${noteHtml}</div>`;
}

/** The failed-episode index's blame cell text. */
export function blameCellText(d: Drilldown): string {
  const e = d.blame;
  if (!e || !blameIsCurrent(e, d.record)) return '–';
  if (e.step !== null) return `${e.role ?? '?'}, step ${e.step}`;
  return e.bounded ? 'undecided (bound)' : e.unknownSteps.length > 0 ? 'undecided' : 'no single step';
}

function verdict(e: BlameEntry, steps: number): Html {
  if (e.step !== null)
    return `<strong>${escapeHtml(`Blame by intervention: ${e.role ?? 'unknown role'}, step ${e.step}`)}</strong> ${escapeHtml('(a single corrected action at that step flips the failure)')}`;
  if (e.bounded)
    return `<strong>${escapeHtml('Blame by intervention: undecided')}</strong> ${escapeHtml(`— the bound on interventions stopped the search after ${e.stepsTried} of ${steps} steps, none of whose single correction flips the failure (raise faultline blame --max-interventions).`)}`;
  if (e.unknownSteps.length > 0)
    return `<strong>${escapeHtml('Blame by intervention: undecided')}</strong> ${escapeHtml(`— no correction that could be judged flips the failure, and ${plural(e.unknownSteps.length, 'step')} could not be judged (${stepList(e.unknownSteps)}).`)}`;
  return `<strong>${escapeHtml('Blame by intervention: no single step')}</strong> ${escapeHtml(`— no single corrected action flips the failure (${plural(e.stepsTried, 'step')} tried): it takes more than one correction.`)}`;
}

function caveats(e: BlameEntry): Html[] {
  const out: Html[] = [];
  if (e.step !== null && e.unknownSteps.length > 0)
    out.push(
      muted(
        `The correction at ${e.unknownSteps.length === 1 ? 'step' : 'steps'} ${stepList(e.unknownSteps)}, before it, could not be judged (no recorded model answer for the changed conversation, or an error): an earlier step may be decisive.`,
      ),
    );
  if (!e.reproduced)
    out.push(
      `<span class="warning-text">${escapeHtml('Re-running the episode as recorded did not give the recorded trajectory (a live model, or the team changed since): this blame is of a slightly different episode.')}</span>`,
    );
  return out;
}

function swapsLine(e: BlameEntry, reference: string): Html {
  if (e.swaps.length === 0) return muted('No role swap was tried.');
  const flipping = e.swaps.filter((s) => s.result === 'flips').map((s) => s.role);
  const head = `Role swaps that flip it (one role replaced by the ${reference}’s agent for the whole episode): ${flipping.length > 0 ? flipping.join(', ') : 'none'}.`;
  const each = e.swaps
    .map(
      (s) =>
        `${s.role} ${SWAP_RESULTS[s.result]}${s.result === 'unknown' && s.reason ? ` (${excerpt(s.reason, REASON_CHARS)})` : ''}`,
    )
    .join('; ');
  return `${escapeHtml(head)} <span class="muted">${escapeHtml(`Each: ${each}.`)}</span>`;
}

/** Blame next to the metrics' primary cause: the same role, the same step, or how far apart. */
function comparison(e: BlameEntry, d: Drilldown): Html {
  const primary = d.record.metrics?.primary ?? null;
  if (!primary) return muted('The metrics found no primary cause to compare with.');
  const cause = `${MODE_LABELS[primary.mode] ?? primary.mode} at step ${primary.step} by ${primary.role}`;
  if (e.step === null || e.role === null)
    return muted(`The metrics’ primary cause: ${cause} (blame names no step to compare with).`);
  const sameRole = e.role === primary.role;
  const apart = e.step - primary.step;
  const offset =
    apart === 0 ? 'the same step' : `${plural(Math.abs(apart), 'step')} ${apart < 0 ? 'earlier' : 'later'}`;
  if (sameRole && apart === 0)
    return `<span class="ok">${escapeHtml(`Agrees with the metrics’ primary cause: ${cause} — same role, same step.`)}</span>`;
  if (sameRole)
    return `<span class="warning-text">${escapeHtml(`Agrees with the metrics’ primary cause (${cause}) on the role, not the step: blame’s step ${e.step} is ${offset}.`)}</span>`;
  return `<span class="warning-text">${escapeHtml(`Differs from the metrics’ primary cause (${cause}): blame names ${e.role} at step ${e.step}, ${offset}.`)}</span>`;
}

function stepList(steps: readonly number[]): string {
  const shown = steps.slice(0, 8).join(', ');
  return steps.length > 8 ? `${shown} and ${steps.length - 8} more` : shown;
}

function muted(text: string): Html {
  return `<span class="muted">${escapeHtml(text)}</span>`;
}

function block(lines: readonly Html[]): Html {
  return `<div class="blame">${lines.map((l) => `<p>${l}</p>`).join('')}</div>`;
}
