/**
 * The private memory of one scripted role, and what it knows from it: the request (entry role),
 * its inbox in order (newer messages win, so a change of requirement overrides the request), and
 * what it learned from its own results and the user's answers.
 */
import type { Fact, FactExtraction } from '../src/public/authoring.js';
import type { Action, TeamObservation } from '../src/public/index.js';
import { factsInText } from '../src/public/metrics.js';
import { factsFromInbox } from './knowledge.js';
import type { InjectedNote } from './plan-follower/types.js';

/** One role's memory across its turns. A restart replaces it with a fresh one. */
export interface RoleMemory {
  /** Facts learned from results and answers. */
  readonly learned: Map<string, string>;
  /** Extractions promised by the step whose result arrives next. */
  pendingLearn: readonly FactExtraction[] | null;
  lastAction: Action | null;
  /** The env step `lastAction` was taken at (0 before the first): what fired then concerns its result. */
  lastStep: number;
  /** Whether `lastAction` was a plan step (only those are retried). */
  lastWasPlan: boolean;
  attempts: number;
  retryAfterWait: Action | null;
  /** Retired tools and their documented fallbacks. */
  readonly fallbacks: Map<string, string>;
  lastHandoff: Extract<Action, { type: 'handoff' }> | null;
  /** Step of the newest inbox message already read. */
  seenStep: number;
  /** Plan indices to redo after a change of requirement, and who asked. */
  redo: number[];
  redoFrom: string | null;
  /** Facts already asked about, and briefs already sent back for a resend. */
  readonly asked: Set<string>;
  readonly resendAsked: Set<number>;
  /** The fact values the entry role briefed the team with. */
  readonly sentValues: Map<string, string>;
  /** Set once this (re-created) role has seen its restart notice. */
  restarted: boolean;
  /** Set once a restarted role has picked its interrupted step up again. */
  resumed: boolean;
  /** A value being double-checked: the extraction and the readings so far. */
  checking: { readonly learn: readonly FactExtraction[]; readonly readings: string[] } | null;
  /** Injected instructions already acted on, and notes waiting to be passed on. */
  readonly obeyed: Set<string>;
  readonly notes: InjectedNote[];
}

/** An empty memory. */
export function newRoleMemory(): RoleMemory {
  return {
    learned: new Map(),
    pendingLearn: null,
    lastAction: null,
    lastStep: 0,
    lastWasPlan: false,
    attempts: 0,
    retryAfterWait: null,
    fallbacks: new Map(),
    lastHandoff: null,
    seenStep: 0,
    redo: [],
    redoFrom: null,
    asked: new Set(),
    resendAsked: new Set(),
    sentValues: new Map(),
    restarted: false,
    resumed: false,
    checking: null,
    obeyed: new Set(),
    notes: [],
  };
}

/** Every fact value the role knows now, by fact id. */
export function knownFacts(facts: readonly Fact[], memory: RoleMemory, obs: TeamObservation): Map<string, string> {
  const known = new Map<string, string>();
  if (obs.request !== null) for (const [id, value] of requestFacts(facts, obs.request)) known.set(id, value);
  for (const [id, value] of memory.learned) known.set(id, value);
  for (const [id, value] of factsFromInbox(facts, obs.inbox)) known.set(id, value);
  return known;
}

/** The facts each request states, per fact list: the entry role reads the same request every turn. */
const requestReadings = new WeakMap<readonly Fact[], Map<string, readonly (readonly [string, string])[]>>();

function requestFacts(facts: readonly Fact[], request: string): readonly (readonly [string, string])[] {
  let byRequest = requestReadings.get(facts);
  if (!byRequest) requestReadings.set(facts, (byRequest = new Map<string, readonly (readonly [string, string])[]>()));
  let stated = byRequest.get(request);
  if (!stated) {
    const byId = new Map(facts.map((f) => [f.id, f.value]));
    stated = factsInText(facts, request).map((id) => [id, byId.get(id) as string] as const);
    byRequest.set(request, stated);
  }
  return stated;
}
