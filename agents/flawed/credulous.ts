/**
 * `credulous`: the oracle that checks nothing. It takes every result at face value — a cut-off or
 * garbled read, a stale or wrong value — and passes it on, and its reviewer waves the work through
 * without running a single check. Its defect shows when bad data enters the team, so its mode is
 * cascading errors.
 */
import { type FactLookup, type PlanStep, resolvePlanStep } from '../../src/public/authoring.js';
import type { Agent, Team } from '../../src/public/index.js';
import { createPlanFollowers, type FollowerContext } from '../plan-follower.js';

/** One plan step the team filled with a value it took at face value instead of the real one. */
export interface TrustedValue {
  /** The env step of the action. */
  readonly step: number;
  readonly role: string;
  readonly planIndex: number;
  /** Fact ids the role filled in with a value other than the real one. */
  readonly facts: readonly string[];
}

/** Options of {@link createCredulousTeam}. */
export interface CredulousOptions {
  /**
   * Told each time a role acts on a wrong value it took in unchecked (ground truth for the
   * validity experiment: bad data that fired but was never used did not trigger the defect).
   */
  readonly onTrust?: (trusted: TrustedValue) => void;
}

/** Builds a credulous team (the registered one uses the defaults). */
export function createCredulousTeam(options: CredulousOptions = {}): Team {
  return {
    id: 'credulous',
    description:
      'The oracle that verifies nothing: it passes on broken or wrong data unchecked and its reviewer runs no checks (cascading errors).',
    privileged: true,
    createAgents: (start) => {
      const onTrust = options.onTrust;
      if (!onTrust) return createPlanFollowers(start, { verify: false, obeyInjections: true });
      // The facts bad data was about so far (the privileged channel), read by the reporting lookup.
      const tainted = new Set<string>();
      const agents = createPlanFollowers(start, {
        verify: false,
        obeyInjections: true,
        lookup: reporting(onTrust, tainted),
      });
      return Object.fromEntries(
        Object.entries(agents).map(([role, agent]): [string, Agent] => [
          role,
          {
            act: (obs, ctx) => {
              for (const p of ctx.privileged?.fired ?? [])
                if (p.kind === 'data') for (const f of p.facts ?? []) tainted.add(f);
              return agent.act(obs, ctx);
            },
          },
        ]),
      );
    },
  };
}

/** The registered credulous team. */
export const credulousTeam: Team = createCredulousTeam();

/** A lookup that changes nothing and reports plan steps filled with a wrong value. */
function reporting(
  onTrust: (trusted: TrustedValue) => void,
  tainted: ReadonlySet<string>,
): (base: FactLookup, ctx: FollowerContext) => FactLookup {
  return (base, ctx) => {
    const step: PlanStep | undefined = ctx.task.plan[ctx.planIndex];
    if (!step) return base;
    const truth = new Map(ctx.task.facts.map((f) => [f.id, f.value]));
    const wrong = ctx.task.facts
      // Only facts bad data was about: a guess for a fact never received, or a value the user
      // changed, is not data taken at face value.
      .filter((f) => tainted.has(f.id) && base(f.id) !== f.value)
      .filter((f) => {
        // Only a wrong value that changes this step's action counts as acted on.
        const real = (id: string) => (id === f.id ? truth.get(id) : base(id));
        return JSON.stringify(resolvePlanStep(step, base)) !== JSON.stringify(resolvePlanStep(step, real));
      })
      .map((f) => f.id);
    if (wrong.length > 0)
      onTrust({ step: ctx.observation.step + 1, role: ctx.role, planIndex: ctx.planIndex, facts: wrong });
    return base;
  };
}
