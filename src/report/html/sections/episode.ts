/**
 * The drill-down of one failed episode: what was asked, how it ended and why (primary failure
 * mode, MAST code, drift onset), and a step-by-step timeline of roles, actions, tool errors,
 * fired perturbations and handoff audits, with the step where it went wrong marked.
 */
import type { HandoffLoss } from '../../../metrics/handoff-loss.js';
import type { PerturbationResponse } from '../../../metrics/recovery.js';
import type { FiredPerturbation } from '../../../team/perturbation.js';
import type { TrajectoryStep } from '../../../team/episode.js';
import { escapeAttr, escapeHtml, excerpt } from '../escape.js';
import { int, num } from '../format.js';
import type { BlameData, Drilldown } from '../model.js';
import { actionSummary } from './action-summary.js';
import { blameStepOf, drilldownBlame } from './blame.js';
import { visibleSteps } from './timeline-window.js';
import { hasTurns, replySteps, turnCell, usageLine } from './turn.js';
import { anchorId, code, mastLabel, MODE_LABELS, OUTCOME_LABELS, RECOVERY_LABELS, type Html } from './common.js';

/** Longest excerpt of the user's request and of error messages. */
const REQUEST_CHARS = 1200;
const ERROR_CHARS = 300;
/** Tool errors in the timeline are cut shorter: the table has many of them. */
const STEP_ERROR_CHARS = 160;

/** The anchor of an episode's drill-down. */
export function episodeAnchor(d: Drilldown): string {
  return anchorId('ep', d.record.id);
}

/**
 * The step where an episode went wrong: its primary failure mode's, else the crash's, else the
 * drift onset's; null when none is known.
 */
export function wrongStepOf(d: Drilldown): number | null {
  const r = d.record;
  const onset = d.metrics?.drift.onset ?? r.metrics?.drift.onset ?? null;
  return r.metrics?.primary?.step ?? r.error?.step ?? onset?.step ?? null;
}

/**
 * The drill-down of a failed episode, as a collapsed `<details>` block; `blame` is what the run
 * directory's `blame.json` gave (see blame.ts).
 */
export function episodeDrilldown(d: Drilldown, blame: BlameData = { state: 'absent' }): Html {
  const r = d.record;
  const m = r.metrics;
  const primary = m?.primary ?? null;
  const onset = d.metrics?.drift.onset ?? m?.drift.onset ?? null;
  const wrongStep = wrongStepOf(d);
  const cause = primary
    ? `${MODE_LABELS[primary.mode]} (${primary.mast ?? 'no MAST code'}) at step ${primary.step}, ${primary.role}`
    : r.error
      ? `${OUTCOME_LABELS[r.outcome]} at step ${r.error.step}, ${r.error.role}`
      : 'no primary failure mode';
  const summary = `<summary><span class="outcome outcome-${escapeAttr(r.outcome)}">${escapeHtml(OUTCOME_LABELS[r.outcome] ?? r.outcome)}</span> ${escapeHtml(`seed ${r.seed} · variant ${r.variant ?? 0} · trial ${r.trial}`)} <span class="muted">— ${escapeHtml(cause)}</span></summary>`;
  const facts: Array<[string, Html]> = [
    ['env', code(r.envId)],
    ['team', code(r.team)],
    ['seed · variant · trial', escapeHtml(`${r.seed} · ${r.variant ?? 0} · ${r.trial}`)],
    [
      'outcome',
      escapeHtml(
        `${OUTCOME_LABELS[r.outcome] ?? r.outcome} (score ${num(r.score, 2)}, ${int(r.steps)} steps, ${int(r.handoffs)} handoffs, ${int(r.toolErrors)} tool errors)`,
      ),
    ],
    [
      'primary failure mode',
      primary
        ? escapeHtml(
            `${MODE_LABELS[primary.mode]} — ${mastLabel(primary.mast)} — at step ${primary.step} by ${primary.role}`,
          )
        : escapeHtml('none'),
    ],
    ['all modes seen', escapeHtml(m && m.modes.length > 0 ? m.modes.map((x) => MODE_LABELS[x]).join(', ') : 'none')],
    [
      'drift onset',
      onset
        ? escapeHtml(`step ${onset.step} by ${onset.role}: constraint ${onset.constraint} (${onset.evidence})`)
        : escapeHtml('none'),
    ],
  ];
  // Breaks a later step restored show only here: the final state no longer has them.
  const breaches = d.metrics?.breaches ?? r.grade.breaches ?? [];
  if (breaches.length > 0) {
    const forbidden = new Set(r.intent.constraints.filter((c) => c.forbidsAction).map((c) => c.id));
    facts.push([
      'invariants broken',
      escapeHtml(
        breaches
          .map(
            (b) => `${b.constraint} at step ${b.step} by ${b.role}${forbidden.has(b.constraint) ? ' (forbidden)' : ''}`,
          )
          .join('; '),
      ),
    ]);
  }
  if (r.usage) facts.push(['model usage', escapeHtml(usageLine(r.usage))]);
  if (r.error)
    facts.push([
      'error',
      escapeHtml(`${r.error.role} at step ${r.error.step}: ${excerpt(r.error.message, ERROR_CHARS)}`),
    ]);
  const factList = `<dl class="facts">${facts.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${v}</dd></div>`).join('')}</dl>`;
  const request = `<p class="field-label">The request (${escapeHtml(r.intent.entryRole)} sees it)</p><blockquote class="request">${escapeHtml(excerpt(r.intent.request, REQUEST_CHARS))}</blockquote>`;
  const blamed = drilldownBlame(d, blame);
  const violated = violatedList(d);
  const plan = planList(d);
  const analysis = analysisNote(d);
  const reproduce = `<p class="repro">Reproduce: ${code(`faultline replay ${r.trajectoryFile}`)} (in the run directory)</p>`;
  const timeline = d.steps
    ? timelineTable(d, d.steps, wrongStep, onset?.step ?? null)
    : `<p class="warning">${escapeHtml(`The trajectory could not be read: ${d.problem ?? 'unknown problem'}`)}</p>`;
  return `<details class="episode" id="${escapeAttr(episodeAnchor(d))}">${summary}<div class="episode-body">${factList}${blamed}${request}${violated}${plan}${reproduce}${analysis}${timeline}</div></details>`;
}

function violatedList(d: Drilldown): Html {
  const byId = new Map(d.record.intent.constraints.map((c) => [c.id, c]));
  const violated = d.record.grade.violated;
  if (violated.length === 0) return '';
  const items = violated.map((id) => {
    const c = byId.get(id);
    const explained = d.metrics?.drift.explained[id];
    return `<li>${code(id)} ${escapeHtml(c ? c.text : '')}${c?.late ? ' <span class="muted">(late)</span>' : ''}${explained ? ` <span class="muted">— explained by ${escapeHtml(MODE_LABELS[explained as keyof typeof MODE_LABELS] ?? explained)}</span>` : ''}</li>`;
  });
  const collateral =
    d.record.grade.collateral.length > 0
      ? `<p class="field-label">Collateral changes</p><p>${d.record.grade.collateral.map((e) => code(excerpt(e, 80))).join(' ')}</p>`
      : '';
  return `<p class="field-label">Constraints violated at the end</p><ul class="constraints">${items.join('')}</ul>${collateral}`;
}

function planList(d: Drilldown): Html {
  const plan = d.record.perturbations?.plan ?? [];
  if (plan.length === 0) return '<p class="field-label">No perturbations were planned.</p>';
  const responses = new Map((d.record.metrics?.recovery ?? []).map((x) => [x.id, x]));
  const items = plan.map((p) => {
    const res = responses.get(p.id);
    const outcome = res
      ? `fired → ${RECOVERY_LABELS[res.response]}${res.steps !== null ? ` in ${res.steps} steps` : ''}`
      : 'did not fire';
    return `<li>${code(p.id)} ${escapeHtml(`${p.type} (${p.kind}, at ${p.site}); a correct team would ${p.recovery}: ${outcome}`)}</li>`;
  });
  return `<p class="field-label">Planned perturbations</p><ul class="plan">${items.join('')}</ul>`;
}

function timelineTable(
  d: Drilldown,
  steps: readonly TrajectoryStep[],
  wrongStep: number | null,
  onsetStep: number | null,
): Html {
  const handoffs = new Map<number, HandoffLoss>((d.metrics?.handoffLoss.handoffs ?? []).map((h) => [h.step, h]));
  const responses = new Map<string, PerturbationResponse>((d.metrics?.recovery.responses ?? []).map((x) => [x.id, x]));
  const constraints = d.record.intent.constraints;
  // The model's side of each step, next to the env's, when the team recorded it.
  const turns = hasTurns(steps);
  const replies = replySteps(turns ? steps : []);
  const columns = turns ? 8 : 7;
  const turnTd = (html: Html) => (turns ? `<td class="turn-cell">${html}</td>` : '');
  // Before step 1 the ledger is not recorded: only violations are news at the first step.
  let previous: string | null = null;
  const rows: string[] = [];
  const atReset = d.record.perturbations?.atReset ?? [];
  const blameStep = blameStepOf(d);
  const marksAt = (step: number): string => {
    const marks: string[] = [];
    if (step === wrongStep) marks.push(`<span class="badge badge-wrong">⚑ went wrong here</span>`);
    if (step === blameStep) marks.push(`<span class="badge badge-blame">◆ decisive (blame)</span>`);
    if (step === onsetStep && onsetStep !== wrongStep) marks.push(`<span class="badge badge-onset">drift onset</span>`);
    return marks.length > 0 ? `<br>${marks.join('<br>')}` : '';
  };
  // Step 0 is the reset: a perturbation of the request itself (an ambiguity, a hidden fact) acts there.
  if (atReset.length > 0 || wrongStep === 0) {
    rows.push(
      `<tr class="reset${wrongStep === 0 ? ' wrong' : ''}"><td class="num">0${marksAt(0)}</td><td>reset</td><td>the episode starts; the ${escapeHtml(d.record.intent.entryRole)} reads the request</td>${turnTd('')}<td></td><td>${firedList(atReset, responses)}</td><td></td><td></td></tr>`,
    );
  }
  const visible = visibleSteps(steps, [wrongStep, onsetStep, d.record.error?.step ?? null, blameStep]);
  let hidden: TrajectoryStep[] = [];
  const flushHidden = () => {
    if (hidden.length === 0) return;
    const failed = hidden.filter((h) => !h.event.ok).length;
    const roles = [...new Set(hidden.map((h) => h.role))].join(', ');
    const range = `${hidden[0]?.step}–${hidden[hidden.length - 1]?.step}`;
    rows.push(
      `<tr class="gap"><td colspan="${columns}">${escapeHtml(`⋯ ${hidden.length} uneventful steps not shown (${range}: ${roles}; ${failed} failed actions, no handoff, perturbation or change to the intent ledger)`)}</td></tr>`,
    );
    hidden = [];
  };
  for (const s of steps) {
    const e = s.event;
    if (visible && !visible.has(s.step)) {
      hidden.push(s);
      previous = e.ledger;
      continue;
    }
    flushHidden();
    const result = e.ok
      ? '<span class="ok">ok</span>'
      : `<span class="err">${escapeHtml(e.error ? `${e.error.code}: ${excerpt(e.error.message, STEP_ERROR_CHARS)}` : 'rejected')}</span>`;
    const user = e.userMessage
      ? `<div class="user-msg">${escapeHtml(`user → ${e.userMessage.to}: `)}<q>${escapeHtml(excerpt(e.userMessage.text, 240))}</q></div>`
      : '';
    const audit = handoffs.get(s.step);
    const lostAtHandoff = audit
      ? audit.lost.length + audit.misstated.length + audit.transit.length > 0
      : (e.handoff?.missing.length ?? 0) > 0;
    const ledger = ledgerChanges(
      previous ?? e.ledger.replace(/V/g, 'P'),
      e.ledger,
      constraints.map((c) => c.id),
    );
    previous = e.ledger;
    const classes = [s.step === wrongStep ? 'wrong' : '', s.step === onsetStep ? 'onset' : '', e.ok ? '' : 'failed']
      .filter(Boolean)
      .join(' ');
    rows.push(
      `<tr${classes ? ` class="${classes}"` : ''}><td class="num">${s.step}${marksAt(s.step)}</td><td>${escapeHtml(s.role)}</td><td class="action">${actionSummary(s)}${user}</td>${turnTd(turnCell(s, replies, lostAtHandoff))}<td class="result">${result}</td><td>${e.perturbations ? firedList(e.perturbations, responses) : ''}</td><td>${audit ? auditHtml(audit) : e.handoff ? rawAudit(e.handoff.required, e.handoff.missing) : ''}</td><td>${ledger}</td></tr>`,
    );
  }
  flushHidden();
  const head = `<thead><tr><th>step</th><th>role</th><th>action</th>${turns ? '<th>model turn</th>' : ''}<th>result</th><th>perturbations fired</th><th>handoff audit</th><th>intent ledger</th></tr></thead>`;
  return `<div class="table-wrap"><table class="timeline">${head}<tbody>${rows.join('')}</tbody></table></div>`;
}

function firedList(fired: readonly FiredPerturbation[], responses: ReadonlyMap<string, PerturbationResponse>): Html {
  return fired
    .map((p) => {
      const r = responses.get(p.id);
      const verdict = r ? ` → ${RECOVERY_LABELS[r.response]}` : '';
      return `<div class="fired">${code(p.type)} <span class="muted">${escapeHtml(`${p.kind}; expects ${p.recovery}${verdict}`)}</span><br>${escapeHtml(excerpt(p.detail, 200))}</div>`;
    })
    .join('');
}

function auditHtml(h: HandoffLoss): Html {
  if (h.required.length === 0 && h.misstated.length === 0 && h.transit.length === 0)
    return '<span class="muted">nothing needed</span>';
  const delivered = new Set(h.delivered);
  const arrived = h.required.filter((f) => delivered.has(f));
  const parts = [`<div>${escapeHtml(`${arrived.length} of ${h.required.length} needed facts arrived`)}</div>`];
  const list = (label: string, ids: readonly string[], cls: string) =>
    ids.length > 0 ? `<div class="${cls}">${escapeHtml(label)}: ${ids.map((f) => code(f)).join(' ')}</div>` : '';
  parts.push(
    list('lost', h.lost, 'err'),
    list('misstated', h.misstated, 'err'),
    list('inherited', h.inherited, 'muted'),
    list('lost in transit', h.transit, 'err'),
    list('harmful', h.harmful, 'err strong'),
  );
  return parts.join('');
}

/** The env's own audit, when the metrics could not be recomputed. */
function rawAudit(required: readonly string[], missing: readonly string[]): Html {
  return `<div>${escapeHtml(`${required.length - missing.length} of ${required.length} needed facts carried`)}</div>${missing.length > 0 ? `<div class="err">missing: ${missing.map((f) => code(f)).join(' ')}</div>` : ''}`;
}

/** Constraints whose status changed at this step: broken (→ V) and met (→ S). */
function ledgerChanges(before: string, after: string, ids: readonly string[]): Html {
  const broke: string[] = [];
  const met: string[] = [];
  for (let i = 0; i < after.length; i++) {
    const was = before[i] ?? 'P';
    const now = after[i];
    if (now === was) continue;
    const id = ids[i] ?? `#${i}`;
    if (now === 'V') broke.push(id);
    else if (now === 'S') met.push(id);
  }
  return (
    (broke.length > 0 ? `<div class="err">broke: ${broke.map((f) => code(f)).join(' ')}</div>` : '') +
    (met.length > 0 ? `<div class="ok">met: ${met.map((f) => code(f)).join(' ')}</div>` : '')
  );
}

/** Says where the episode's metrics come from when they are not the analysis the run recorded. */
function analysisNote(d: Drilldown): Html {
  const a = d.analysis;
  if (!a || a.source === 'recorded') return '';
  const text =
    a.source === 'reanalyzed'
      ? `Metrics reanalyzed by analysis version ${a.version} (the run recorded version ${a.recordedVersion ?? 'unknown'}).`
      : `The run recorded no analysis for this episode; its metrics were computed now by analysis version ${a.version}.`;
  return `<p class="note">${escapeHtml(text)}</p>`;
}
