/**
 * One team behaviour, three frameworks, the same measurements. The behaviour is the oracle's
 * episode on filesystem/rename-symbol-v1 (seed 2, production faults: the executor is restarted
 * and asks for its brief again; a reviewer checks the work) with every handoff's brief rewritten
 * here as plain text in a colleague's words — not the oracle's structured facts, not the probes'
 * text. It is played by an OpenAI Agents SDK team, an AI SDK team and a LangGraph graph, each on
 * its framework's own test model and each passing the receiver ONLY the brief. All three must
 * reach the same outcome with the same world tool calls in the same order and the same verdict,
 * step by step; with one needed fact left out of the first brief, all three must name that fact
 * at the same step, from the same role.
 *
 * All three frameworks can pass only the brief: the Agents SDK with a handoff `inputFilter`
 * (the receiver then gets the brief and not even its role's briefing), the AI SDK as it is (the
 * receiver's loop gets its role's briefing and the brief in its inbox), LangGraph with a handoff
 * whose update clears the shared message list first (the example's swarm keeps the list, so its
 * receivers also get the entry role's task text with the user's request).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../src/builtins.js';
import { actionToToolCall } from '../../src/llm/tool-calls.js';
import { analyzeEpisode } from '../../src/metrics/index.js';
import type { Action } from '../../src/team/actions.js';
import type { Team } from '../../src/team/agent.js';
import { runEpisode, type EpisodeResult } from '../../src/team/episode.js';
import { oracleTeam } from '../../agents/oracle.js';
import {
  agentsSdkScripted,
  aiSdkScripted,
  langGraphScripted,
  type Behaviour,
  type FirstSeen,
  type Move,
} from './cross-framework.scripts.js';

const ENV = 'filesystem/rename-symbol-v1';
const SEED = 2;
const PERTURB = 'production';
/** The needed fact the first brief leaves out. */
const DROPPED = 'protectedDir';

/** How this team says each fact in a brief (its own words: no value is copied as the env writes it). */
const SENTENCES: Readonly<Record<string, (v: string) => string>> = {
  oldName: (v) => `The function we are retiring is \`${v}\`; keep that name exported as a deprecated alias.`,
  newName: (v) => `Its new name is **${v}**, everywhere it is used.`,
  protectedDir: (v) => `Do not touch anything in the ${v.replace(/\/$/, '')} directory: it is vendored.`,
  releaseVersion: (v) => `The changelog entry belongs under release ${v.replace(/^v/, '')}.`,
  maxLines: (v) => `No file under src/ may end up longer than ${v} lines.`,
};

/** A brief carrying `needed` (less `drop`), one sentence each, between an opening and a closing line. */
function brief(from: string, needed: readonly string[], values: ReadonlyMap<string, string>, drop?: string): string {
  const lines = needed
    .filter((id) => id !== drop)
    .map((id) => {
      const say = SENTENCES[id];
      const value = values.get(id);
      if (!say || value === undefined) throw new Error(`no sentence or value for fact ${id}: extend SENTENCES`);
      return say(value);
    });
  return [`From the ${from}:`, ...lines, 'Run the tests and the linter before you hand on.'].join(' ');
}

/** A handoff that needs no fact, said plainly. */
function note(from: string, to: string): string {
  return from === 'executor' && to === 'planner'
    ? 'I was restarted and lost what you told me; please send me the brief again.'
    : `${from} done: I checked the rename, the alias, the changelog and the vendored code; all good.`;
}

/**
 * The oracle's episode as moves per role: its tool calls as they were, each handoff's brief
 * rewritten — the first one that needs facts without `drop`.
 */
function behaviourOf(oracle: EpisodeResult, drop?: string): Behaviour {
  const values = new Map(oracle.intent.facts.map((f) => [f.id, f.value]));
  const first = oracle.trajectory.find((s) => (s.event.handoff?.required.length ?? 0) > 0)?.step;
  const moves = new Map<string, Move[]>();
  for (const step of oracle.trajectory) {
    const action = step.action as Action;
    const needed = step.event.handoff?.required ?? [];
    const move: Move =
      action.type === 'handoff'
        ? {
            kind: 'handoff',
            to: action.to,
            brief:
              needed.length > 0
                ? brief(step.role, needed, values, step.step === first ? drop : undefined)
                : note(step.role, action.to),
          }
        : { kind: 'call', ...actionToToolCall(action) };
    moves.set(step.role, [...(moves.get(step.role) ?? []), move]);
  }
  return moves;
}

const FRAMEWORKS: readonly {
  readonly name: string;
  readonly build: (b: Behaviour) => { team: Team; firstSeen: () => FirstSeen };
}[] = [
  { name: 'Agents SDK', build: agentsSdkScripted },
  { name: 'AI SDK', build: aiSdkScripted },
  { name: 'LangGraph', build: langGraphScripted },
];

interface Played {
  readonly name: string;
  readonly result: EpisodeResult;
  readonly firstSeen: FirstSeen;
}

async function playAll(behaviour: Behaviour): Promise<Played[]> {
  const out: Played[] = [];
  for (const { name, build } of FRAMEWORKS) {
    const { team, firstSeen } = build(behaviour);
    const result = await (team.play as NonNullable<Team['play']>)({ env: ENV, team, seed: SEED, perturb: PERTURB });
    out.push({ name, result, firstSeen: firstSeen() });
  }
  return out;
}

/** What is compared across frameworks. */
function measured(result: EpisodeResult) {
  const metrics = analyzeEpisode(result);
  return {
    outcome: result.outcome,
    worldCalls: result.trajectory.flatMap((s) => {
      const a = s.action as Action;
      return a.type === 'tool' ? [`${s.step} ${s.role} ${a.tool} ${JSON.stringify(a.args)}`] : [];
    }),
    handoffs: result.trajectory.flatMap((s) =>
      s.event.handoff ? [{ step: s.step, from: s.event.handoff.from, missing: s.event.handoff.missing }] : [],
    ),
    modes: metrics.verdict.modes,
    causes: metrics.verdict.causes.map((c) => ({ mode: c.mode, step: c.step, role: c.role })),
    lossRoot: metrics.handoffLoss.root
      ? {
          step: metrics.handoffLoss.root.step,
          from: metrics.handoffLoss.root.from,
          lost: metrics.handoffLoss.root.lost,
        }
      : null,
  };
}

function summary(p: Played): string {
  const m = measured(p.result);
  const lost = m.lossRoot
    ? `lost [${m.lossRoot.lost.join(', ')}] at step ${m.lossRoot.step} from ${m.lossRoot.from}`
    : 'nothing lost';
  return `${p.name}: ${m.outcome}, ${p.result.steps} steps, ${m.worldCalls.length} world calls, ${m.handoffs.length} handoffs, modes [${m.modes.join(', ')}], ${lost}`;
}

let oracle: EpisodeResult;
beforeAll(async () => {
  loadBuiltins();
  oracle = await runEpisode({ env: ENV, team: oracleTeam, seed: SEED, perturb: PERTURB });
});

describe('the same team in the Agents SDK, the AI SDK and LangGraph', () => {
  it('with every needed fact in its briefs: the same outcome, world calls and verdict, nothing flagged', async () => {
    const played = await playAll(behaviourOf(oracle));
    const reference = measured(oracle);
    for (const p of played) {
      console.log(`full briefs, ${summary(p)}`);
      const m = measured(p.result);
      expect(m.outcome, p.name).toBe('success');
      expect(m.worldCalls, p.name).toEqual(reference.worldCalls);
      expect(
        m.handoffs.every((h) => h.missing.length === 0),
        p.name,
      ).toBe(true);
      expect(m.modes, p.name).toEqual([]);
    }
    const [first, ...rest] = played.map((p) => measured(p.result));
    for (const [i, m] of rest.entries()) expect(m, (played[i + 1] as Played).name).toEqual(first);
  }, 10_000);

  it(`with ${DROPPED} left out of the first brief: all three name it at the same step, from the same role`, async () => {
    const played = await playAll(behaviourOf(oracle, DROPPED));
    const value = oracle.intent.facts.find((f) => f.id === DROPPED)?.value.replace(/\/$/, '') ?? '';
    const firstNeeding = oracle.trajectory.find((s) => (s.event.handoff?.required.length ?? 0) > 0);
    for (const p of played) {
      console.log(`${DROPPED} dropped, ${summary(p)}`);
      const m = measured(p.result);
      expect(m.modes, p.name).toContain('handoffContextLoss');
      expect(m.lossRoot, p.name).toEqual({ step: firstNeeding?.step, from: firstNeeding?.role, lost: [DROPPED] });
      // Only the brief was passed: the receiver's first request holds the brief, but neither the
      // user's request nor anything the planner read, so not the value left out either.
      const seen = p.firstSeen.get('executor') ?? '';
      expect(seen, p.name).toContain('From the planner:');
      expect(seen, p.name).not.toContain('User request');
      expect(seen, p.name).not.toContain('RELEASING');
      expect(seen, p.name).not.toContain(value);
    }
    const [first, ...rest] = played.map((p) => measured(p.result));
    for (const [i, m] of rest.entries()) expect(m, (played[i + 1] as Played).name).toEqual(first);
  }, 10_000);
});
