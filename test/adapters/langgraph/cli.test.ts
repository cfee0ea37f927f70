/**
 * The CLI path for a LangGraph.js team: `faultline run --import <module> --team <id>` on two
 * worker threads, under production faults, records every episode with its outcome, verdict and
 * model usage, and each trajectory shows the graph's `Command` handoffs as env handoffs.
 * Spawns the CLI, so it runs in `npm run test:full` (FULL_ONLY in vitest.config.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJson } from '../../support/json.js';
import { runImportedTeam, trajectoryLines } from '../imported-team-run.js';

interface EpisodeLine {
  readonly seed: number;
  readonly outcome: string;
  readonly steps: number;
  readonly handoffs: number;
  readonly trajectoryFile: string;
  readonly usage: { readonly calls: number; readonly costUsd: number | null } | null;
  readonly metrics: { readonly modes: readonly string[] };
}

interface StepLine {
  readonly role: string;
  readonly action?: { readonly type: string; readonly to?: string };
  readonly event: { readonly handoff?: { readonly missing: readonly string[] } };
}

const MODULE = join(import.meta.dirname, 'cli-team.ts');
const dir = mkdtempSync(join(tmpdir(), 'faultline-langgraph-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('faultline run --import a LangGraph team', () => {
  it('runs it on worker threads and records its episodes, handoffs and usage', async () => {
    const out = join(dir, 'run');
    const r = await runImportedTeam(MODULE, 'langgraph-cli', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2 episodes in .*2 workers/);
    const records = readFileSync(join(out, 'episodes.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => parseJson<EpisodeLine>(l))
      .sort((a, b) => a.seed - b.seed);
    // The scripted swarm does not adapt: it survives seed 0's faults and fails seed 1's timeouts.
    expect(records.map((e) => [e.seed, e.outcome])).toEqual([
      [0, 'success'],
      [1, 'failure'],
    ]);
    expect(records[1]?.metrics.modes).toContain('recoveryFailure');
    for (const e of records) {
      // Each model call is recorded and priced (the fake model reports no tokens: $0, not unknown).
      expect(e.usage?.calls).toBeGreaterThan(e.steps);
      expect(e.usage?.costUsd).toBe(0);
      const steps = trajectoryLines<StepLine>(join(out, e.trajectoryFile))
        // Lines other than steps (the header, the closing line) have no action.
        .filter((s) => s.action !== undefined);
      const handoffs = steps.filter((s) => s.action?.type === 'handoff');
      expect(handoffs.map((s) => `${s.role}->${s.action?.to}`)).toEqual([
        'planner->executor',
        'executor->reviewer',
        'reviewer->planner',
      ]);
      expect(handoffs.every((s) => s.event.handoff?.missing.length === 0)).toBe(true);
    }
    console.log(
      records
        .map(
          (e) =>
            `seed ${e.seed}: ${e.outcome}, ${e.steps} steps, ${e.handoffs} handoffs, ${e.usage?.calls} model calls, $${e.usage?.costUsd}, modes [${e.metrics.modes.join(', ')}]`,
        )
        .join('\n'),
    );
  }, 120_000);
});
