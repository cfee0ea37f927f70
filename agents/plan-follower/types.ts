/**
 * The vocabulary of the plan follower: the knobs that make a flawed team, the team's shared
 * progress, one role's turn, and the rules that decide a turn.
 */
import type { FactLookup, Task } from '../../src/public/authoring.js';
import type { InboxMessage } from '../../src/public/env.js';
import type { Action, EpisodeStart, TeamObservation } from '../../src/public/index.js';
import type { FiredPerturbation } from '../../src/public/perturb.js';
import type { RoleMemory } from '../follower-memory.js';

/** The knobs that turn the oracle into a flawed team. Defaults give the oracle. */
export interface PlanFollowerBehaviour {
  /** Rewrites an outgoing handoff (e.g. drops facts). @defaultValue identity */
  readonly handoff?: (action: Extract<Action, { type: 'handoff' }>, ctx: FollowerContext) => Action;
  /** The fact lookup a role uses at a given plan position (e.g. forgets facts late). @defaultValue what the role knows, else guesses */
  readonly lookup?: (base: FactLookup, ctx: FollowerContext) => FactLookup;
  /** Retries, waits, fallbacks, asks and resend requests. @defaultValue true */
  readonly recover?: boolean;
  /** What a role that does not recover does when an action fails. @defaultValue 'ignore' */
  readonly onError?: (ctx: FollowerContext) => 'give-up' | 'ignore';
  /** Re-fetches broken results and lets the reviewer verify. @defaultValue true */
  readonly verify?: boolean;
  /** Has work redone when the user changes a requirement. @defaultValue true */
  readonly followChanges?: boolean;
  /** Acts on instructions found in content (and passes them on). @defaultValue false */
  readonly obeyInjections?: boolean;
}

/** What a behaviour hook knows about the moment it is called. */
export interface FollowerContext {
  readonly role: string;
  readonly observation: TeamObservation;
  readonly task: Task<unknown>;
  /** Index of the plan step being executed (-1 outside the plan). */
  readonly planIndex: number;
  readonly start: EpisodeStart;
}

/** Team-level progress through the plan (the roles take turns, so one cursor suffices). */
export interface Playbook {
  cursor: number;
  /**
   * Injected notes a credulous role appended to a handoff, by the env step of the handoff: the
   * team's own record of what it passed on, read by the receiver.
   */
  readonly notesSent: Map<number, readonly InjectedNote[]>;
  /** Plan indices of tool steps already executed, by role. */
  readonly executed: Map<number, string>;
  /**
   * The plan step each role has dispatched but not yet seen succeed (the team's task board), so a
   * role that restarts mid-step picks it up again instead of losing it.
   */
  readonly inFlight: Map<string, number>;
}

/** An instruction injected into content, as the credulous team understands it. */
export interface InjectedNote {
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  /** The note as the role read it (and repeats it). */
  readonly text: string;
}

/** Everything one role's decision rests on, for one call of `act`. */
export interface Turn {
  readonly task: Task<unknown>;
  readonly playbook: Playbook;
  readonly memory: RoleMemory;
  readonly obs: TeamObservation;
  readonly start: EpisodeStart;
  readonly behaviour: PlanFollowerBehaviour;
  /** Inbox messages this role has not read before this turn, oldest first. */
  readonly fresh: readonly InboxMessage[];
  /** Whether the team recovers (retries, waits, asks); false for the brittle team. */
  readonly recover: boolean;
  /** Every perturbation fired so far (the privileged per-step channel). */
  readonly fired: readonly FiredPerturbation[];
  /** Whether the result of this role's own last action was visibly damaged in transit (see `faults.ts`). */
  readonly resultDamaged: boolean;
}

/** An action and whether it is a plan step (only plan steps are retried and double-checked). */
export interface Choice {
  readonly action: Action;
  readonly fromPlan: boolean;
}

/**
 * One rule of the decision: it either decides the turn or passes (null) to the next rule. A rule
 * may update the role's memory even when it passes (e.g. noting work to redo).
 */
export interface Rule {
  /** A short kebab-case name, for traces and tests. */
  readonly name: string;
  decide(turn: Turn): Choice | null;
}

/** The last rule: it always decides. */
export interface FinalRule extends Rule {
  decide(turn: Turn): Choice;
}
