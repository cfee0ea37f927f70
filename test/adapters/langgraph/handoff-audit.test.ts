/**
 * The handoff audit as a skeptic sees it, on a LangGraph swarm whose briefs are written here, by
 * hand, the way a colleague writes them — not by the metric's code nor the probes': names in
 * backticks or bold, the protected directory without its slash, the version without its "v", all
 * in sentences. Which facts a brief needs comes from ground truth (the env's `required`), their
 * values from the oracle's structured brief (it plans from ground truth). Briefs that paraphrase
 * every needed fact are not flagged; on each of five seeds one brief leaves one needed fact's
 * sentence out — each fact once, from the planner or the executor — and exactly that handoff is
 * flagged, with that fact named, from that role, while the episode's other briefs stay quiet.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { analyzeEpisode } from '../../../src/metrics/index.js';
import { runEpisode, type TrajectoryStep } from '../../../src/team/episode.js';
import type { Action } from '../../../src/team/actions.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { scriptedSwarm } from './scripted.js';

const ENV = 'filesystem/rename-symbol-v1';

/** Per seed, the fact left out and the role whose brief leaves it out. */
const DROPS: readonly { seed: number; from: string; fact: string }[] = [
  { seed: 0, from: 'planner', fact: 'oldName' },
  { seed: 1, from: 'executor', fact: 'newName' },
  { seed: 2, from: 'planner', fact: 'protectedDir' },
  { seed: 3, from: 'executor', fact: 'releaseVersion' },
  { seed: 4, from: 'planner', fact: 'maxLines' },
];

beforeAll(() => loadBuiltins());

type Handoff = Extract<Action, { type: 'handoff' }>;
type Facts = Readonly<Record<string, string>>;

/** One sentence per fact, in a colleague's words. */
const SENTENCES: Readonly<Record<string, (v: string) => string>> = {
  oldName: (v) => `We are retiring the function \`${v}\`.`,
  newName: (v) => `From now on it is called **${v}**, in the code, the tests and the public index alike.`,
  protectedDir: (v) => `Leave everything in the ${v.replace(/\/$/, '')} directory alone: that code is vendored.`,
  releaseVersion: (v) => `The changelog entry goes under the upcoming release, version ${v.replace(/^v/, '')}.`,
  maxLines: (v) => `Keep it short: no more than ${v} lines per file.`,
};

/** A brief in prose carrying `facts` (but not `drop`). */
function prose(from: string, facts: Facts, drop?: string): string {
  const lines = Object.entries(facts)
    .filter(([id]) => id !== drop)
    .map(([id, value]) => SENTENCES[id]?.(value) ?? `${id} is ${value}.`);
  return [`Notes from the ${from}:`, ...lines].join(' ');
}

/** The oracle's trajectory, every handoff's message replaced by the prose brief (`drop`'s sender leaving its fact out). */
function rewritten(trajectory: readonly TrajectoryStep[], drop?: { from: string; fact: string }): TrajectoryStep[] {
  return trajectory.map((s) => {
    const action = s.action as Action;
    if (action.type !== 'handoff' || typeof action.message === 'string') return s;
    const text = prose(s.role, action.message.facts ?? {}, drop?.from === s.role ? drop.fact : undefined);
    return { ...s, action: { ...action, message: text } satisfies Handoff };
  });
}

/** The swarm replaying the oracle's episode of `seed` with prose briefs. */
async function play(seed: number, drop?: { from: string; fact: string }) {
  const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed });
  const team = scriptedSwarm(rewritten(oracle.trajectory, drop), 'langgraph-prose');
  const hosted = await (team.play as NonNullable<typeof team.play>)({ env: ENV, team, seed });
  const audits = hosted.trajectory.flatMap((s) => (s.event.handoff ? [{ step: s.step, ...s.event.handoff }] : []));
  return { hosted, audits, metrics: analyzeEpisode(hosted) };
}

describe('the handoff audit on briefs written in prose', () => {
  it('is quiet when every needed fact is paraphrased', async () => {
    for (const seed of [0, 1]) {
      const { hosted, audits, metrics } = await play(seed);
      expect(hosted.outcome).toBe('success');
      expect(audits.length).toBe(3);
      for (const audit of audits) expect(audit.missing, `seed ${seed}, ${audit.from} -> ${audit.to}`).toEqual([]);
      expect(metrics.handoffLoss.occurred).toBe(false);
      expect(metrics.verdict.modes).toEqual([]);
      console.log(
        `seed ${seed}, every fact paraphrased: ${audits.length} briefs, required ${metrics.handoffLoss.required}, carried ${metrics.handoffLoss.carried}, lost ${metrics.handoffLoss.lost}; modes [${metrics.verdict.modes.join(', ')}]`,
      );
    }
  }, 30_000);

  it('names the one needed fact a brief leaves out, at that handoff only', async () => {
    for (const { seed, from, fact } of DROPS) {
      const { audits, metrics } = await play(seed, { from, fact });
      const dropped = audits.find((a) => a.from === from);
      // Ground truth says the sender's handoff needs the fact.
      expect(dropped?.required).toContain(fact);
      for (const audit of audits) expect(audit.missing).toEqual(audit === dropped ? [fact] : []);
      const flagged = metrics.handoffLoss.handoffs.filter((h) => h.lost.length > 0);
      expect(flagged.map((h) => [h.step, h.from, h.lost])).toEqual([[dropped?.step, from, [fact]]]);
      expect(metrics.verdict.modes).toContain('handoffContextLoss');
      console.log(
        `seed ${seed}, ${from} leaves out ${fact}: audit missing [${dropped?.missing.join(', ')}] at step ${dropped?.step}, lost [${metrics.handoffLoss.root?.lost.join(', ')}]; modes [${metrics.verdict.modes.join(', ')}]`,
      );
    }
  }, 30_000);
});
