/**
 * `own-mistake`: the oracle, except that once per episode, at a seeded point of the plan, one
 * role fills one fact of a handoff or a tool call with a wrong value — the fact's plausible
 * `guess` instead of the value it knows — the way a model slips once and carries on. Nothing the
 * world or a perturbation did put the value there: it is the team's own mistake, and where it
 * does damage the root cause is that action, its step and its role.
 */
import { Rng } from 'faultline/authoring';
import {
  createPlanFollowers,
  resolvePlanStep,
  type EpisodeStart,
  type FactLookup,
  type FollowerContext,
  type Team,
} from 'faultline/teams';
import type { ProbeOptions } from './index.js';

/** Options of {@link createOwnMistakeTeam}. */
export type OwnMistakeOptions = ProbeOptions;

/** The mistake an episode is going to make: at which plan step, on which fact; `made` once it was. */
interface Mistake {
  readonly planIndex: number;
  readonly fact: string;
  readonly wrong: string;
  made: boolean;
}

// Keyed by the episode's start: a role re-created after a restart must not make a second mistake.
const mistakes = new WeakMap<EpisodeStart, Mistake | null>();

/** Builds the own-mistake probe team. */
export function createOwnMistakeTeam(options: OwnMistakeOptions = {}): Team {
  return {
    id: 'own-mistake',
    description:
      'The oracle, except that one role once puts a wrong value (a fact’s plausible guess) into a handoff or a tool call; its own mistake, a cascade source.',
    privileged: true,
    createAgents(start) {
      const task = start.privileged?.task;
      if (!task) throw new Error('the own-mistake team needs the privileged task (declare privileged: true)');
      if (!mistakes.has(start)) mistakes.set(start, chooseMistake(start));
      const mistake = mistakes.get(start) ?? null;
      return createPlanFollowers(start, {
        lookup: (base, ctx) => (mistake ? slip(mistake, base, ctx, options) : base),
      });
    },
  };
}

/** The registered-by-name form with default options. */
export const ownMistakeTeam: Team = createOwnMistakeTeam();

/**
 * Picks, with the agent seed, one (plan step, fact) where the fact's guess would appear in a
 * handoff or a tool call in place of its value; null when the plan has none.
 */
function chooseMistake(start: EpisodeStart): Mistake | null {
  const task = start.privileged?.task;
  if (!task) return null;
  const truth: FactLookup = (id) => task.facts.find((f) => f.id === id)?.value;
  const candidates: { planIndex: number; fact: string; wrong: string }[] = [];
  task.plan.forEach((step, planIndex) => {
    if (step.action.type !== 'tool' && step.action.type !== 'handoff') return;
    const right = JSON.stringify(resolvePlanStep(step, truth));
    for (const f of task.facts) {
      if (f.guess.trim() === '' || f.guess === f.value) continue;
      const wrong: FactLookup = (id) => (id === f.id ? f.guess : truth(id));
      const slipped = JSON.stringify(resolvePlanStep(step, wrong));
      // The wrong value must be in the action itself (a condition it flips is a wrong decision, not a wrong value).
      if (slipped !== right && slipped.includes(JSON.stringify(f.guess).slice(1, -1)))
        candidates.push({ planIndex, fact: f.id, wrong: f.guess });
    }
  });
  if (candidates.length === 0) return null;
  const pick = Rng.fromSeed(start.agentSeed).fork('own-mistake').pick(candidates);
  return { ...pick, made: false };
}

/** The lookup of the chosen plan step, the first time it is filled: the wrong value for the fact. */
function slip(mistake: Mistake, base: FactLookup, ctx: FollowerContext, options: OwnMistakeOptions): FactLookup {
  if (mistake.made || ctx.planIndex !== mistake.planIndex) return base;
  mistake.made = true;
  options.onDefect?.({
    step: ctx.observation.step + 1,
    role: ctx.role,
    facts: [mistake.fact],
    note: `${ctx.role} wrote ${mistake.wrong} for ${mistake.fact} at plan step ${mistake.planIndex}`,
  });
  return (id) => (id === mistake.fact ? mistake.wrong : base(id));
}
