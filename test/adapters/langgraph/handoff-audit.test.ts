/**
 * The handoff audit as a skeptic sees it, on a LangGraph swarm whose briefs are written here, by
 * hand, the way a colleague writes them — not by the metric's code nor the probes': names in
 * backticks or bold, the protected directory without its slash, the version without its "v", all
 * in sentences. Which facts a brief needs comes from ground truth (the env's `required`), their
 * values from the oracle's structured brief (it plans from ground truth). A brief that paraphrases
 * every needed fact is not flagged; the same brief without one needed fact's sentence is flagged
 * with that fact named, at that step, from that role — a different fact dropped on each seed, each needed fact once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltins } from '../../../src/builtins.js';
import { analyzeEpisode } from '../../../src/metrics/index.js';
import { runEpisode, type TrajectoryStep } from '../../../src/team/episode.js';
import type { Action } from '../../../src/team/actions.js';
import { oracleTeam } from '../../../agents/oracle.js';
import { scriptedSwarm } from './scripted.js';

const ENV = 'filesystem/rename-symbol-v1';
const SEEDS = [0, 1, 2, 3, 4];

beforeAll(() => loadBuiltins());

type Handoff = Extract<Action, { type: 'handoff' }>;
type Facts = Readonly<Record<string, string>>;

/** One sentence per fact, in a colleague's words; facts this role's brief does not know are skipped. */
const SENTENCES: Readonly<Record<string, (v: string) => string>> = {
  oldName: (v) => `We are retiring the function \`${v}\`.`,
  newName: (v) => `From now on it is called **${v}**, in the code, the tests and the public index alike.`,
  protectedDir: (v) => `Leave everything in the ${v.replace(/\/$/, '')} directory alone: that code is vendored.`,
  releaseVersion: (v) => `The changelog entry goes under the upcoming release, version ${v.replace(/^v/, '')}.`,
  maxLines: (v) => `Keep it short: no more than ${v} lines per change.`,
};

/** A brief in prose carrying `facts` (but not `drop`). */
function prose(from: string, facts: Facts, drop?: string): string {
  const lines = Object.entries(facts)
    .filter(([id]) => id !== drop)
    .map(([id, value]) => SENTENCES[id]?.(value) ?? `${id} is ${value}.`);
  return [`Notes from the ${from}:`, ...lines].join(' ');
}

/** The oracle's trajectory with every handoff's message replaced by the prose brief. */
function rewritten(trajectory: readonly TrajectoryStep[], drop?: { step: number; fact: string }): TrajectoryStep[] {
  return trajectory.map((s, i) => {
    const action = s.action as Action;
    if (action.type !== 'handoff' || typeof action.message === 'string') return s;
    const text = prose(s.role, action.message.facts ?? {}, drop?.step === i + 1 ? drop.fact : undefined);
    return { ...s, action: { ...action, message: text } satisfies Handoff };
  });
}

async function play(trajectory: readonly TrajectoryStep[], seed: number) {
  const team = scriptedSwarm(trajectory, 'langgraph-prose');
  const hosted = await (team.play as NonNullable<typeof team.play>)({ env: ENV, team, seed });
  return { hosted, metrics: analyzeEpisode(hosted) };
}

describe('the handoff audit on briefs written in prose', () => {
  it('is quiet when every needed fact is paraphrased, and names the one fact a brief leaves out', async () => {
    const lines: string[] = [];
    for (const seed of SEEDS) {
      const oracle = await runEpisode({ env: ENV, team: oracleTeam, seed });
      const first = oracle.trajectory.findIndex((s) => (s.action as Action).type === 'handoff');
      const required = oracle.trajectory[first]?.event.handoff?.required ?? [];
      expect(required.length).toBeGreaterThan(0);

      const whole = await play(rewritten(oracle.trajectory), seed);
      expect(whole.hosted.outcome).toBe('success');
      const audits = whole.hosted.trajectory.flatMap((s) => (s.event.handoff ? [s.event.handoff] : []));
      expect(audits.length).toBeGreaterThan(0);
      for (const audit of audits) expect(audit.missing, `seed ${seed}, ${audit.from} -> ${audit.to}`).toEqual([]);
      expect(whole.metrics.verdict.modes).not.toContain('handoffContextLoss');

      const fact = required[seed % required.length] as string;
      const dropped = await play(rewritten(oracle.trajectory, { step: first + 1, fact }), seed);
      const step = dropped.hosted.trajectory[first];
      expect(step?.event.handoff?.missing).toEqual([fact]);
      const root = dropped.metrics.handoffLoss.root;
      expect(root?.step).toBe(first + 1);
      expect(root?.from).toBe(step?.role);
      expect(root?.lost).toEqual([fact]);
      lines.push(
        `seed ${seed}: paraphrased ${audits.length} briefs, missing ${audits.flatMap((a) => a.missing).length}, modes [${whole.metrics.verdict.modes.join(', ')}]; ` +
          `dropped ${fact} at step ${first + 1}: missing [${step?.event.handoff?.missing.join(', ')}], lost [${root?.lost.join(', ')}], modes [${dropped.metrics.verdict.modes.join(', ')}]`,
      );
    }
    console.log(lines.join('\n'));
  }, 30_000);
});
