/**
 * Synthetic episodes for the metric unit tests: a small intent ledger (constraints, facts, roles)
 * and an event log written step by step, so each test states exactly the situation it checks.
 */
import type { Action, HandoffMessage } from '../../src/team/actions.js';
import type { EpisodeOutcome } from '../../src/team/episode.js';
import type { StepEvent } from '../../src/team/events.js';
import type { HandoffAudit } from '../../src/team/handoff-audit.js';
import type { FiredPerturbation, PlannedPerturbation } from '../../src/team/perturbation.js';
import type { ToolError } from '../../src/team/world.js';
import type { AnalyzableEpisode } from '../../src/metrics/index.js';

export interface ConstraintSpec {
  readonly id: string;
  readonly scope?: 'goal' | 'invariant';
  readonly facts?: readonly string[];
  readonly late?: boolean;
  readonly subgoal?: boolean;
  readonly forbidsAction?: boolean;
}

export interface FactSpec {
  readonly id: string;
  readonly value: string;
  readonly guess?: string;
}

/** A step before numbering: what the role did and the ledger after it. */
export type StepSpec = Omit<StepEvent, 'step' | 'clock'> & { readonly ticks?: number };

/** The default task: planner → executor → reviewer, two facts, three constraints. */
export const FACTS: readonly FactSpec[] = [
  { id: 'dir', value: 'vendor/', guess: '' },
  { id: 'version', value: 'v2.0.0', guess: 'v1.9.9' },
];
export const CONSTRAINTS: readonly ConstraintSpec[] = [
  { id: 'untouched', scope: 'invariant', facts: ['dir'] },
  { id: 'changelog', scope: 'goal', facts: ['version'], late: true },
  { id: 'tests', scope: 'goal', subgoal: true },
];
export const ROLES = [
  { id: 'planner', needs: ['dir', 'version'] },
  { id: 'executor', needs: ['dir', 'version'] },
  { id: 'reviewer', needs: ['version'] },
];

export interface EpisodeSpec {
  readonly steps: readonly StepSpec[];
  readonly constraints?: readonly ConstraintSpec[];
  readonly facts?: readonly FactSpec[];
  readonly roles?: readonly { id: string; needs: readonly string[] }[];
  /** The user's request (the entry role knows the facts whose values it contains). */
  readonly request?: string;
  readonly outcome?: EpisodeOutcome;
  /** Constraint ids violated at the end; default: `V` in the last ledger, and `P` too once finished. */
  readonly violated?: readonly string[];
  readonly plan?: readonly PlannedPerturbation[];
  readonly atReset?: readonly FiredPerturbation[];
  readonly error?: { role: string; step: number; message: string } | null;
  /** The grade's `progress` (some goal newly met at the end). @defaultValue true */
  readonly progress?: boolean;
}

/** Builds an analyzable episode from a spec. */
export function episode(spec: EpisodeSpec): AnalyzableEpisode {
  const constraints = spec.constraints ?? CONSTRAINTS;
  const facts = spec.facts ?? FACTS;
  let clock = 0;
  const events: StepEvent[] = spec.steps.map((s, i) => {
    const { ticks, ...rest } = s;
    clock += ticks ?? 1;
    return { ...rest, step: i + 1, clock };
  });
  const last = events[events.length - 1];
  const finishEvent = events.find((e) => e.kind === 'finish');
  const finishStatus = finishEvent?.action?.type === 'finish' ? finishEvent.action.status : 'not_finished';
  // Goals still pending at the end are violated, as in the env's final grade.
  const violated = spec.violated ?? constraints.filter((_, i) => (last?.ledger[i] ?? 'P') !== 'S').map((c) => c.id);
  const outcome: EpisodeOutcome =
    spec.outcome ??
    (finishStatus === 'done'
      ? violated.length === 0
        ? 'success'
        : 'failure'
      : finishStatus === 'gave_up'
        ? 'gave_up'
        : 'truncated');
  return {
    outcome,
    success: outcome === 'success',
    grade: {
      success: outcome === 'success',
      score: 1 - violated.length / constraints.length,
      satisfied: constraints.filter((c) => !violated.includes(c.id)).map((c) => c.id),
      violated: [...violated],
      breaches: [],
      // Synthetic episodes describe teams at work unless the spec says otherwise.
      progress: spec.progress ?? true,
      collateral: [],
      finishStatus,
    },
    error: spec.error ?? null,
    intent: {
      request: spec.request ?? `Leave ${facts[0]?.value ?? ''} alone and release ${facts[1]?.value ?? ''}.`,
      entryRole: 'planner',
      constraints: constraints.map((c) => ({
        id: c.id,
        text: c.id,
        kind: c.id,
        scope: c.scope ?? 'goal',
        late: c.late ?? false,
        facts: c.facts ?? [],
        ...(c.subgoal ? { subgoal: true } : {}),
        ...(c.forbidsAction ? { forbidsAction: true } : {}),
      })),
      facts: facts.map((f) => ({ id: f.id, description: f.id, value: f.value, guess: f.guess ?? `not-${f.value}` })),
      roles: (spec.roles ?? ROLES).map((r) => ({ id: r.id, needs: r.needs, canFinish: r.id === 'planner', tools: [] })),
    },
    perturbations: {
      profile: spec.plan?.length ? 'test' : 'clean',
      plan: spec.plan ?? [],
      atReset: spec.atReset ?? [],
    },
    trajectory: events.map((event) => ({ event })),
  };
}

/** A tool call. */
export function tool(
  role: string,
  name: string,
  args: Record<string, unknown>,
  ledger: string,
  extra: {
    reads?: string[];
    writes?: string[];
    ok?: boolean;
    error?: ToolError;
    perturbations?: FiredPerturbation[];
    ticks?: number;
  } = {},
): StepSpec {
  const { ok = true, ...rest } = extra;
  const action: Action = { type: 'tool', tool: name, args };
  return { role, kind: 'tool', action, ok, ledger, ...rest };
}

/** A write of `path` with `content`. */
export function write(
  role: string,
  path: string,
  content: string,
  ledger: string,
  extra: { perturbations?: FiredPerturbation[] } = {},
): StepSpec {
  return tool(role, 'write_file', { path, content }, ledger, { writes: [path], ...extra });
}

/** A read of `path`. */
export function read(
  role: string,
  path: string,
  ledger: string,
  extra: { perturbations?: FiredPerturbation[]; ok?: boolean; error?: ToolError } = {},
): StepSpec {
  return tool(role, 'read_file', { path }, ledger, { reads: [path], ...extra });
}

/**
 * A handoff. The audit is computed like the env's: `carried` by value in the message, `required`
 * given (what the receiver still needs), `delivered` only when a transit fault changed it.
 */
export function handoff(
  from: string,
  to: string,
  message: HandoffMessage,
  ledger: string,
  audit: { required: string[]; carried?: string[]; delivered?: string[] },
  extra: { perturbations?: FiredPerturbation[] } = {},
): StepSpec {
  const carried = audit.carried ?? carriedBy(message);
  const full: HandoffAudit = {
    from,
    to,
    required: audit.required,
    carried,
    missing: audit.required.filter((f) => !carried.includes(f)),
    ...(audit.delivered ? { delivered: audit.delivered } : {}),
  };
  return {
    role: from,
    kind: 'handoff',
    action: { type: 'handoff', to, message },
    ok: true,
    handoff: full,
    ledger,
    ...extra,
  };
}

function carriedBy(message: HandoffMessage): string[] {
  const text = JSON.stringify(message).toLowerCase();
  return FACTS.filter((f) => f.value && text.includes(f.value.toLowerCase())).map((f) => f.id);
}

export function finish(role: string, ledger: string, status: 'done' | 'gave_up' = 'done', answer = 'Done.'): StepSpec {
  return { role, kind: 'finish', action: { type: 'finish', status, answer }, ok: true, ledger };
}

export function ask(role: string, ledger: string, question = 'What should the version be?'): StepSpec {
  return { role, kind: 'ask', action: { type: 'ask', question }, ok: true, ledger };
}

export function wait(role: string, ticks: number, ledger: string): StepSpec {
  return { role, kind: 'wait', action: { type: 'wait', ticks }, ok: true, ledger, ticks };
}

/** A fired perturbation (and its plan entry). */
export function fired(
  p: Partial<FiredPerturbation> & Pick<FiredPerturbation, 'id' | 'type' | 'step' | 'role'>,
): FiredPerturbation {
  return { kind: 'tool', site: 'tool-call', recovery: 'retry', detail: p.type, ...p };
}

export function planned(p: FiredPerturbation, params: Record<string, unknown> = {}): PlannedPerturbation {
  return {
    id: p.id,
    type: p.type,
    kind: p.kind,
    site: p.site,
    recovery: p.recovery,
    trigger: { on: 'step', step: p.step },
    params,
  };
}

/** The full message of a planner brief carrying both facts. */
export const FULL_BRIEF: HandoffMessage = { text: 'Do the release.', facts: { dir: 'vendor/', version: 'v2.0.0' } };
