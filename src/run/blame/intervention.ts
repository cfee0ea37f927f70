/**
 * Interventions: what `faultline blame` changes in a failed episode to see whether its outcome
 * flips. Either one role's agent is replaced by the reference agent for that role for the whole
 * episode (a role swap), or one action — the one at a given env step — is replaced by the action
 * the reference agent would take there, the team's own agents playing every other step.
 */
import type { Agent, AgentContext, EpisodeStart, Team } from '../../team/agent.js';
import type { Action } from '../../team/actions.js';
import { canonicalJson } from '../../core/canonical.js';
import { FaultlineError } from '../../core/errors.js';
import { deriveSeed } from '../../core/rng.js';
import { agentContext } from '../../team/agent-context.js';

/** One intervention on an episode. */
export type Intervention =
  { readonly kind: 'swap'; readonly role: string } | { readonly kind: 'step'; readonly step: number };

/** What an intervened episode says when its corrected action would equal the team's own. */
export const SAME_ACTION_MARK = 'blame: the reference action at this step is the team’s own action';

/** Thrown at the step of an intervention whose reference action is the team's own (nothing to correct). */
export class SameActionError extends FaultlineError {
  override name = 'SameActionError';
  constructor(step: number) {
    super(`${SAME_ACTION_MARK} (step ${step})`);
  }
}

/** A short description of an intervention, for messages. */
export function describeIntervention(intervention: Intervention): string {
  return intervention.kind === 'swap'
    ? `the reference ${intervention.role}`
    : `the reference action at step ${intervention.step}`;
}

/**
 * The team `base` with one intervention by `reference`'s agents. It is privileged when either
 * team is, but only the reference's agents see the privileged briefing and per-step facts: the
 * base team's agents are given exactly what they are given in a run of their own.
 *
 * For a step intervention the reference team shadows the episode: every role's turn up to the
 * intervention is shown to the reference agent of that role too (its answers discarded), so at
 * the intervention step it answers from the same history as the team's agent. The team's agent
 * is still asked at that step — its own state and random streams move on as in the original
 * episode — and its answer is replaced.
 */
export function intervenedTeam(id: string, base: Team, reference: Team, intervention: Intervention): Team {
  const baseStarts = new WeakMap<EpisodeStart, EpisodeStart>();
  const referenceStarts = new WeakMap<EpisodeStart, EpisodeStart>();
  // Teams key their per-episode state by the start object (a restarted role rejoins it): each
  // team gets one start object of its own per episode, reused across restarts.
  // Each team also gets the agent seed it gets in a run of its own (the seed derives from the
  // team's id), so the base team draws what it drew in the episode being blamed.
  const startFor = (cache: WeakMap<EpisodeStart, EpisodeStart>, start: EpisodeStart, team: Team) => {
    let own = cache.get(start);
    if (!own) {
      own = {
        ...start,
        agentSeed: deriveSeed(start.seed, 'agents', team.id, start.trial),
        privileged: team.privileged === true ? start.privileged : null,
      };
      cache.set(start, own);
    }
    return own;
  };
  return {
    id,
    description: `${base.id} with ${describeIntervention(intervention)} from ${reference.id}`,
    privileged: base.privileged === true || reference.privileged === true,
    ...(base.view !== undefined ? { view: base.view } : {}),
    createAgents(start) {
      const own = base.createAgents(startFor(baseStarts, start, base));
      const ref = reference.createAgents(startFor(referenceStarts, start, reference));
      const baseContext = (ctx: AgentContext) => contextFor(ctx, base.privileged === true, true);
      const refContext = (ctx: AgentContext) => contextFor(ctx, reference.privileged === true, false);
      const agents: Record<string, Agent> = {};
      for (const role of start.roles) {
        const mine = own[role.id];
        const theirs = ref[role.id];
        if (intervention.kind === 'swap') {
          const chosen = role.id === intervention.role ? theirs : mine;
          if (chosen)
            agents[role.id] = {
              act: (obs, ctx) => chosen.act(obs, role.id === intervention.role ? refContext(ctx) : baseContext(ctx)),
            };
          continue;
        }
        if (!mine) continue;
        agents[role.id] = {
          act: async (obs, ctx) => {
            const step = obs.step + 1;
            const shadow = step <= intervention.step && theirs ? await theirs.act(obs, refContext(ctx)) : undefined;
            const action = (await mine.act(obs, baseContext(ctx))) as Action;
            if (step !== intervention.step) return action;
            if (shadow === undefined)
              throw new FaultlineError(
                `blame: the reference team ${reference.id} has no agent for role ${role.id}, so step ${step} cannot be corrected`,
              );
            if (canonicalJson(shadow) === canonicalJson(action)) throw new SameActionError(step);
            return shadow;
          },
        };
      }
      return agents;
    },
  };
}

/** The context an agent is given: the privileged facts only for a privileged team, notes only from the acting agent. */
function contextFor(ctx: AgentContext, privileged: boolean, notes: boolean): AgentContext {
  const note = notes ? ctx.note : () => undefined;
  return agentContext(() => ctx.signal, note, privileged ? ctx.privileged : null);
}
