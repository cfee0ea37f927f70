/**
 * Where a recorded episode's time goes: the path `benchRecordedEpisodes` measures (episodes.ts),
 * split into its phases without instrumenting the code under measurement. The phases inside the
 * episode are told apart by the hooks a worker already watches an episode by (`onAgentTurn`,
 * `onStep`) and by timing the env's own `step`; the phases after it are separate calls, the same
 * ones `executeEpisode` makes.
 *
 * Times are wall-clock (the hooks fire too often for a CPU-time system call each), as shares of
 * the episode's wall time; the episode's CPU time is given beside it, because this process also
 * uses the other core (the optimizing compiler, GC helper threads) and that shows only there.
 */
import { spec } from '../src/core/registry.js';
import { makeTeamEnv } from '../src/team/team-env.js';
import { findTeam } from '../src/team/agent.js';
import { runEpisode, type EpisodeResult } from '../src/team/episode.js';
import { analyzeEpisode } from '../src/metrics/analyze.js';
import { recordedEpisode } from '../src/run/records.js';
import { RunRecorder } from '../src/run/recorder.js';
import { cpuMs, round, wallMs } from './timing.js';
import { benchRunDir, doneWithRunDir } from './run-dirs.js';

/** The phases of a recorded episode, in the order they run. */
export const EPISODE_PHASES = ['reset', 'team', 'world', 'digests', 'end', 'metrics', 'record', 'write'] as const;
/** One phase of {@link EPISODE_PHASES}. */
export type EpisodePhase = (typeof EPISODE_PHASES)[number];

/**
 * Mean wall milliseconds per episode of each phase:
 * - `reset`: opening the episode (the reset of a new seed with its fault plan, the team's
 *   briefing, the first observation's digest; making the env is left out, at about 1 µs);
 * - `team`: the team's code (`createAgents` and every `act`; the oracle here);
 * - `world`: `env.step` (the world's transition, perturbations, the ledger, the handoff audit,
 *   the observation);
 * - `digests`: the rest of each step: the action's size check and copy, the observation's digest,
 *   the hash chain, the trajectory entry;
 * - `end`: the end of the episode (grading a cut-off episode, the usage summary);
 * - `metrics`: `analyzeEpisode`;
 * - `record`: the record and trajectory text with their checksums (`recordedEpisode`);
 * - `write`: the trajectory file and the record's line (`RunRecorder.append`).
 */
export type EpisodePhases = Readonly<Record<EpisodePhase, number>>;

/** What {@link benchEpisodeBreakdown} returns. */
export interface EpisodeBreakdown {
  readonly env: string;
  /** Mean wall milliseconds of a whole episode (the sum of the phases). */
  readonly episodeMs: number;
  /** Mean CPU milliseconds of this process per episode (all its threads). */
  readonly cpuMs: number;
  /** Mean wall milliseconds per phase. */
  readonly phasesMs: EpisodePhases;
  /** Each phase's share of the episode's wall time, in percent. */
  readonly phasesPercent: EpisodePhases;
  /** Episodes measured (after as many again as warm-up). */
  readonly episodes: number;
  readonly stepsPerEpisode: number;
}

/** Zero time in every phase. */
function noTime(): Record<EpisodePhase, number> {
  return Object.fromEntries(EPISODE_PHASES.map((phase) => [phase, 0])) as Record<EpisodePhase, number>;
}

/** Seeds of this bench: apart from those of the other benches, so every episode is of a new seed. */
export const BREAKDOWN_SEEDS = 2_000_000;

/** Options of {@link benchEpisodeBreakdown}. */
export interface BreakdownOptions {
  /** Episodes measured, after as many as warm-up. @defaultValue 150 */
  readonly episodes?: number;
  /** @defaultValue 'production' */
  readonly perturb?: string;
}

/**
 * Runs `2 × episodes` recorded oracle episodes of `envId` on new seeds (the first half as
 * warm-up) and splits the second half's time by phase. Builtins must be loaded beforehand.
 */
export async function benchEpisodeBreakdown(envId: string, options: BreakdownOptions = {}): Promise<EpisodeBreakdown> {
  const episodes = options.episodes ?? 150;
  const perturb = options.perturb ?? 'production';
  const team = findTeam('oracle');
  if (!team) throw new Error('benchEpisodeBreakdown: team "oracle" is not registered; call loadBuiltins() first');
  const maxSteps = spec(envId).maxEpisodeSteps ?? 1000;
  const dir = benchRunDir('faultline-breakdown-');
  const totals = noTime();
  let cpu = 0;
  let steps = 0;
  try {
    const recorder = RunRecorder.create(dir);
    for (let i = 0; i < 2 * episodes; i++) {
      const measured = i >= episodes;
      const phases = noTime();
      // The phase the time since `last` belongs to: a step's digests until the next turn, unless
      // the episode ends first (then it was the end of the episode). A holder, not a variable:
      // the hooks change it, which narrowing after the call cannot see.
      const at: { phase: 'reset' | 'team' | 'digests' } = { phase: 'reset' };
      const cpu0 = cpuMs();
      let last = wallMs();
      const until = (phase: EpisodePhase) => {
        const now = wallMs();
        phases[phase] += now - last;
        last = now;
      };
      // The env as `runEpisode` makes it, with its `step` timed (own property over the method).
      const env = makeTeamEnv(envId, { maxEpisodeSteps: maxSteps });
      const step = env.step.bind(env);
      env.step = (action) => {
        until('digests');
        const stepped = step(action);
        until('world');
        return stepped;
      };
      const result: EpisodeResult = await runEpisode({
        env,
        team,
        seed: BREAKDOWN_SEEDS + i,
        trial: 0,
        variant: 0,
        perturb,
        budget: { maxSteps },
        onAgentTurn: (acting) => {
          until(acting ? at.phase : 'team');
          at.phase = acting ? 'team' : 'digests';
        },
        onStep: () => until('digests'),
      });
      until(at.phase === 'digests' ? 'end' : at.phase);
      env.close();
      const metrics = analyzeEpisode(result);
      until('metrics');
      const { record, trajectory } = recordedEpisode(result, maxSteps, metrics);
      until('record');
      recorder.append(record, trajectory);
      until('write');
      if (!measured) continue;
      cpu += cpuMs() - cpu0;
      steps += result.steps;
      for (const phase of EPISODE_PHASES) totals[phase] += phases[phase];
    }
  } finally {
    doneWithRunDir(dir);
  }
  const episodeMs = EPISODE_PHASES.reduce((sum, phase) => sum + totals[phase], 0) / episodes;
  const perPhase = (f: (ms: number) => number) =>
    Object.fromEntries(EPISODE_PHASES.map((phase) => [phase, round(f(totals[phase] / episodes), 3)])) as EpisodePhases;
  return {
    env: envId,
    episodeMs: round(episodeMs, 3),
    cpuMs: round(cpu / episodes, 3),
    phasesMs: perPhase((ms) => ms),
    phasesPercent: perPhase((ms) => round((100 * ms) / episodeMs, 1)),
    episodes,
    stepsPerEpisode: round(steps / episodes, 1),
  };
}
