/**
 * The `lossy-handoff` flawed team: the oracle, except that every structured handoff it sends —
 * briefs, reports, resends — loses some of its facts, from the `facts` field and from the text
 * alike. Everything else (the plan, tools, what each role knows, the oracle's recoveries) is the
 * oracle's, so the failure it shows is context loss at handoffs, and whatever that loss breaks.
 *
 * The oracle's receivers check a brief against what they need and ask for a resend when facts
 * are missing; a resend from this team is lossy again (fresh draws), so the receiver pieces the
 * brief together over a few rounds. With `checkBriefs: false` the receivers act on what arrived
 * (and guess the rest) — the loss then does real damage.
 */
import { type Fact, Rng, escapeRegExp } from '../../src/public/authoring.js';
import type { Action, Agent, Team } from '../../src/public/index.js';
import { factsInText, messageText } from '../../src/public/metrics.js';
import { createPlanFollowers } from '../plan-follower.js';

/** One handoff the team stripped facts from. */
export interface HandoffDrop {
  /** The env step of the handoff. */
  readonly step: number;
  readonly from: string;
  readonly to: string;
  /** Fact ids the intended message carried and the sent one no longer does. */
  readonly dropped: readonly string[];
}

/** Options of {@link createLossyHandoffTeam}. */
export interface LossyHandoffOptions {
  /** Chance that each fact of a structured handoff is dropped; at least one always is. @defaultValue 0.5 */
  readonly dropRate?: number;
  /**
   * Whether receivers check a brief against what they need and ask for a resend (the oracle's
   * behaviour). `false` turns off the oracle's recoveries as a whole — retries and asks too — so
   * use it only in clean runs. @defaultValue true
   */
  readonly checkBriefs?: boolean;
  /** Told about every handoff the team stripped (ground truth for tests of the metrics). */
  readonly onDrop?: (drop: HandoffDrop) => void;
}

/** Builds a lossy-handoff team (the registered one uses the defaults). */
export function createLossyHandoffTeam(options: LossyHandoffOptions = {}): Team {
  const dropRate = options.dropRate ?? 0.5;
  const checkBriefs = options.checkBriefs ?? true;
  return {
    id: 'lossy-handoff',
    description:
      'The oracle, except that every structured handoff drops at least one of its facts (seeded); measures context loss at handoffs.',
    privileged: true,
    createAgents(start) {
      const task = start.privileged?.task;
      if (!task) throw new Error('the lossy-handoff team needs the privileged task');
      // One stream per episode (a restarted role keeps drawing from it): roles take turns, so
      // handoffs draw in a fixed order.
      const rng = streams.get(start) ?? Rng.fromSeed(start.agentSeed).fork('lossy-handoff');
      streams.set(start, rng);
      const followers = createPlanFollowers(start, checkBriefs ? {} : { recover: false });
      const agents: Record<string, Agent> = {};
      for (const [role, agent] of Object.entries(followers)) {
        // Wrapping the agent (not the plan's handoff hook) makes resends lossy too.
        agents[role] = {
          act: async (obs, ctx) => {
            const action = (await agent.act(obs, ctx)) as Action;
            if (action.type !== 'handoff') return action;
            const sent = dropFacts(action, rng, dropRate);
            if (sent !== action && options.onDrop) {
              const dropped = lostFacts(task.facts, action, sent);
              if (dropped.length > 0) options.onDrop({ step: obs.step + 1, from: obs.role, to: action.to, dropped });
            }
            return sent;
          },
        };
      }
      return agents;
    },
  };
}

/** The registered lossy-handoff team. */
export const lossyHandoffTeam: Team = createLossyHandoffTeam();

const streams = new WeakMap<object, Rng>();

type Handoff = Extract<Action, { type: 'handoff' }>;

/**
 * Drops facts from a structured handoff: each with probability `rate`, at least one. A dropped
 * fact's value is cut out of the text too, so a free-text reader cannot recover it.
 */
function dropFacts(action: Handoff, rng: Rng, rate: number): Handoff {
  const message = action.message;
  if (typeof message !== 'object' || message === null || !message.facts) return action;
  const ids = Object.keys(message.facts);
  if (ids.length === 0) return action;
  let drop = ids.filter(() => rng.chance(rate));
  if (drop.length === 0) drop = [rng.pick(ids)];
  const facts: Record<string, string> = {};
  let text = message.text ?? '';
  for (const [id, value] of Object.entries(message.facts)) {
    if (!drop.includes(id)) facts[id] = value;
    else if (value.trim().length > 0) text = text.replace(new RegExp(escapeRegExp(value), 'gi'), '(omitted)');
  }
  return { ...action, message: { ...message, text, facts } };
}

/** Facts the intended message carried (by canonical value) that the sent one does not. */
function lostFacts(facts: readonly Fact[], intended: Handoff, sent: Handoff): string[] {
  const after = new Set(factsInText(facts, messageText(sent.message)));
  return factsInText(facts, messageText(intended.message)).filter((id) => !after.has(id));
}
