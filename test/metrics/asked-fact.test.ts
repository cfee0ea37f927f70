/**
 * A fact the user gives in answer to an `ask` is held by the asker from then on. Under the
 * `ambiguity` profile the request leaves one fact open; a team whose entry role asks the user,
 * gets the value, and then briefs the next role without it has lost that fact itself (`lost`,
 * charged to it). A team that never asked never held it (`inherited`: the request hid it).
 */
import { describe, expect, it } from 'vitest';
import { createPlanFollowers } from '../../agents/index.js';
import type { Action, Team } from '../../src/public/index.js';
import type { FiredPerturbation } from '../../src/team/perturbation.js';
import { FILESYSTEM_ENVS, SEEDS, rate } from './real.js';
import { runEpisode } from '../../src/team/episode.js';
import { analyzeEpisode } from '../../src/metrics/index.js';

type Handoff = Extract<Action, { type: 'handoff' }>;

/**
 * The oracle (or, with `ask: false`, one that never asks) whose handoffs leave out, entirely, the
 * fact the request leaves open.
 */
function withholdingTeam(ask: boolean): Team {
  return {
    id: ask ? 'asks-then-withholds' : 'never-asks',
    description: 'test team',
    privileged: true,
    createAgents: (start) => {
      const task = start.privileged!.task;
      const f = task.facts.find((x) => task.request.includes(`(TBD: ${x.description})`));
      const strip = (action: Handoff): Handoff => {
        const message = action.message;
        if (!f || typeof message !== 'object' || message === null) return action;
        const facts = Object.fromEntries(Object.entries(message.facts ?? {}).filter(([k]) => k !== f.id));
        let text = message.text ?? '';
        for (const v of [f.value, f.guess]) if (v.trim()) text = text.split(v).join('(left out)');
        return { ...action, message: { ...message, text, facts } };
      };
      return createPlanFollowers(start, { handoff: (a) => strip(a), ...(ask ? {} : { recover: false }) });
    },
  };
}

async function sweep(ask: boolean) {
  const out: { asked: boolean; charged: 'lost' | 'inherited' | 'neither' }[] = [];
  for (const env of FILESYSTEM_ENVS) {
    for (const seed of SEEDS.slice(0, 10)) {
      const again = await runEpisode({ env, team: withholdingTeam(ask), seed, perturb: 'ambiguity' });
      const ambiguity = again.perturbations.atReset.find((p: FiredPerturbation) => p.type === 'ambiguity');
      const open = ambiguity?.facts?.[0];
      if (!open) continue;
      const m = analyzeEpisode(again);
      const entry = again.intent.entryRole;
      const h = m.handoffLoss.handoffs.find((x) => x.from === entry && x.required.includes(open));
      if (!h) continue;
      const asked = again.trajectory.some(
        (s) => s.event.kind === 'ask' && s.event.role === entry && s.event.answer?.facts.includes(open),
      );
      out.push({
        asked,
        charged: h.lost.includes(open) ? 'lost' : h.inherited.includes(open) ? 'inherited' : 'neither',
      });
    }
  }
  return out;
}

describe('facts learned by asking', () => {
  it('a role that asked the user for a fact and then hands off without it has lost it', async () => {
    const episodes = await sweep(true);
    const asked = episodes.filter((e) => e.asked);
    console.log(
      `asked, then withheld: ${asked.length} episodes, charged lost ${rate(asked, (e) => e.charged === 'lost')}`,
    );
    expect(asked.length).toBeGreaterThanOrEqual(5);
    expect(rate(asked, (e) => e.charged === 'lost')).toBe(1);
  });

  it('a role that never asked did not hold it: the loss is inherited from the request', async () => {
    const episodes = await sweep(false);
    console.log(
      `never asked: ${episodes.length} episodes, charged inherited ${rate(episodes, (e) => e.charged === 'inherited')}`,
    );
    expect(episodes.length).toBeGreaterThanOrEqual(5);
    expect(episodes.every((e) => !e.asked)).toBe(true);
    expect(rate(episodes, (e) => e.charged === 'inherited')).toBe(1);
  });
});
