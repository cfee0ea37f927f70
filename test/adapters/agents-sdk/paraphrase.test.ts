/**
 * The handoff audit on an Agents SDK team, measured as a skeptic: the triage agent writes its
 * own brief — reworded sentences, facts in another order, values spelled as people write them
 * ("release 2.4.0", "thirty-one lines", "the vendor directory") — and its handoff passes the
 * specialist that brief only (an input filter). The needed facts come from the env's ground truth
 * (the task's facts and what the specialist's role needs), not from the probes' or the oracle's
 * text. A brief that carries them all is not flagged; the same brief with one value left out
 * (referred to vaguely instead) is flagged with exactly that fact named, for each needed fact.
 */
import { describe, expect, it } from 'vitest';
import { analyzeEpisode } from '../../../src/metrics/index.js';
import type { Team } from '../../../src/team/agent.js';
import type { Action } from '../../../src/team/actions.js';
import { runEpisode, type EpisodeResult } from '../../../src/team/episode.js';
import type { Fact, Task } from '../../../src/team/world.js';
import { ENV, oraclePlan, scriptedTeam, type OraclePlan } from './oracle-script.js';

/** The task of an episode, as the env generates it: read by a privileged team that gives up at once. */
async function groundTruth(seed: number): Promise<Task<unknown>> {
  let task: Task<unknown> | undefined;
  const peek: Team = {
    id: 'ground-truth',
    description: 'Reads the task and gives up.',
    privileged: true,
    createAgents: (start) => {
      task = start.privileged?.task;
      return Object.fromEntries(start.roles.map((r) => [r.id, { act: () => ({ type: 'finish', status: 'gave_up' }) }]));
    },
  };
  await runEpisode({ env: ENV, team: peek, seed });
  if (!task) throw new Error('no task');
  return task;
}

const ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TENS = ['', 'ten', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** 20..99 in words ("thirty-one"); other numbers as digits. */
function words(n: number): string {
  if (n < 20 || n > 99) return String(n);
  return `${TENS[Math.floor(n / 10)]}${n % 10 ? `-${ONES[n % 10]}` : ''}`;
}

/** How this team's triage agent says each fact it briefs (its own wording, not the env's). */
const SENTENCES: Record<string, (value: string) => string> = {
  maxLines: (v) => `No file under src/ may grow past ${words(Number(v))} lines, so split a module before it does.`,
  releaseVersion: (v) => `Log the change in the changelog under release ${v.replace(/^v/, '')}.`,
  protectedDir: (v) => `Whatever you do, leave the ${v.replace(/\/$/, '')} directory untouched: it is vendored code.`,
  newName: (v) => `The function's new name is ${v}.`,
  oldName: (v) => `Today it is called ${v}, and that name must stay exported from the index as a deprecated alias.`,
};

/** What the agent writes instead when it forgot a value. */
const VAGUE: Record<string, string> = {
  maxLines: 'Keep every file under src/ within the usual line limit.',
  releaseVersion: 'Log the change in the changelog under the upcoming release.',
  protectedDir: 'Leave the third-party code alone.',
  newName: 'Give the function the new name we discussed.',
  oldName: 'Keep the old name exported from the index as a deprecated alias.',
};

/** The brief: an opening line, then one sentence per needed fact in this team's order; `forget` is said vaguely. */
function brief(facts: readonly Fact[], needed: readonly string[], forget?: string): string {
  const order = Object.keys(SENTENCES).filter((id) => needed.includes(id));
  const lines = order.map((id) => {
    const fact = facts.find((f) => f.id === id);
    if (!fact) throw new Error(`no fact ${id}`);
    return id === forget ? (VAGUE[id] as string) : (SENTENCES[id] as (v: string) => string)(fact.value);
  });
  return ['Over to you for the rename.', ...lines, 'Run the tests and the linter when you are done.'].join(' ');
}

/** The example team on scripts from the oracle's calls, with triage's own brief passed alone. */
async function play(seed: number, plan: OraclePlan, text: string): Promise<EpisodeResult> {
  const team = scriptedTeam(
    [...plan.planner, { say: text, call: 'transfer_to_specialist' }, plan.finish],
    [...plan.executor, { say: 'Finished; tests and lint are green.', call: 'transfer_to_triage' }],
    { briefOnly: true },
  );
  return team.play({ env: ENV, team, seed });
}

const firstHandoff = (r: EpisodeResult) => r.trajectory.find((s) => (s.action as Action).type === 'handoff');

describe('the handoff audit on an Agents SDK team’s own briefs', () => {
  it('a paraphrased brief carrying every needed fact is not flagged; leaving out any one is, with that fact named', async () => {
    const flagged: string[] = [];
    for (const seed of [0, 1, 3]) {
      const task = await groundTruth(seed);
      const needed = task.roles.find((r) => r.id === 'executor')?.needs ?? [];
      expect(needed.length).toBeGreaterThan(0);
      // Every needed fact has a sentence of this team's own.
      expect(needed.filter((id) => !SENTENCES[id])).toEqual([]);
      const plan = await oraclePlan(seed);
      const text = brief(task.facts, needed);
      // The brief states no value verbatim where the agent paraphrased it.
      for (const id of ['releaseVersion', 'maxLines', 'protectedDir']) {
        const value = task.facts.find((f) => f.id === id)?.value ?? '';
        expect(text.includes(value), `${id} ${value} is paraphrased`).toBe(false);
      }
      const result = await play(seed, plan, text);
      expect(result.outcome, `seed ${seed}`).toBe('success');
      const audit = firstHandoff(result)?.event.handoff;
      expect([...(audit?.required ?? [])].sort(), `seed ${seed}`).toEqual([...needed].sort());
      expect(audit?.missing, `seed ${seed}: ${text}`).toEqual([]);
      if (analyzeEpisode(result).verdict.modes.includes('handoffContextLoss')) flagged.push(`seed ${seed}`);
    }
    expect(flagged).toEqual([]);

    const seed = 1;
    const task = await groundTruth(seed);
    const needed = task.roles.find((r) => r.id === 'executor')?.needs ?? [];
    const plan = await oraclePlan(seed);
    const named: Record<string, readonly string[] | undefined> = {};
    for (const forget of needed) {
      const result = await play(seed, plan, brief(task.facts, needed, forget));
      const metrics = analyzeEpisode(result);
      expect(metrics.verdict.modes, forget).toContain('handoffContextLoss');
      expect(metrics.handoffLoss.root?.from, forget).toBe('planner');
      named[forget] = firstHandoff(result)?.event.handoff?.missing;
    }
    expect(named).toEqual(Object.fromEntries(needed.map((id) => [id, [id]])));
  });
});
