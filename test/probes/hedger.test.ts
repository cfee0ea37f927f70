/**
 * The hedger probe's final answer lists the right values among wrong candidates: it fails the
 * answer constraints of every env, while the oracle's answers — which mention other values of
 * the same kind for other reasons — and the paraphrasing probe's answers pass them.
 */
import { describe, expect, it } from 'vitest';
import { createHedgerTeam } from '../../probes/hedger.js';
import { findTeam } from '../../src/team/agent.js';
import { seeds, sized } from '../support/sizes.js';
import { rate, runProbe, where, type ProbeEpisode } from './free-text-episodes.js';

const SEEDS = seeds(1, 20);
/** Full size runs 180 episodes per team on 2 busy cores. */
const TIMEOUT = sized(60_000, 900_000);

/** Whether every constraint about the final answer holds. */
function answerHeld(e: ProbeEpisode): boolean {
  const answerConstraints = e.result.intent.constraints.filter((c) => /^(\w+:)?answer-/.test(c.kind));
  return answerConstraints.length > 0 && answerConstraints.every((c) => !e.result.grade.violated.includes(c.id));
}

describe('hedger probe', () => {
  it(
    'fails the answer constraints in every episode; the oracle passes them',
    async () => {
      const hedger = await runProbe((onDefect) => createHedgerTeam({ onDefect }), SEEDS);
      const oracle = await runProbe(() => findTeam('oracle')!, SEEDS);
      const hedgerPass = rate(hedger, answerHeld);
      const oraclePass = rate(oracle, answerHeld);
      console.log(
        `hedged answers, clean, ${hedger.length} episodes: answer constraints held for the hedger ` +
          `${(100 * hedgerPass).toFixed(1)}% (success ${(100 * rate(hedger, (e) => e.result.success)).toFixed(1)}%), ` +
          `for the oracle ${(100 * oraclePass).toFixed(1)}%`,
      );
      expect(hedger.every((e) => e.reports.length === 1)).toBe(true);
      expect(hedger.filter(answerHeld).map(where)).toEqual([]);
      expect(oracle.filter((e) => !answerHeld(e)).map(where)).toEqual([]);
    },
    TIMEOUT,
  );
});
