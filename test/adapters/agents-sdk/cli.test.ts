/**
 * An Agents SDK team through the CLI, as a user runs one: `faultline run --import <module> --team
 * agents-sdk-http …` on two worker threads under `production`, where the module registers the
 * example's team on Chat Completions models of the SDK's `OpenAIProvider`, served over HTTP by
 * the scripted model server. The run completes, every episode's trajectory shows the SDK's
 * handoffs as env handoffs with the model calls behind each step, priced, and the report is written.
 * Spawns the CLI (a TypeScript load and two workers): in `FULL_ONLY`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../../support/json.js';
import { runImportedTeam, trajectoryLines } from '../imported-team-run.js';

const MODULE = join(import.meta.dirname, 'fixtures/http-triage-team.ts');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-agents-sdk-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Line {
  readonly role?: string;
  readonly action?: { readonly type: string; readonly to?: string };
  readonly event?: { readonly handoff?: { readonly from: string; readonly to: string; readonly missing: string[] } };
  readonly turn?: { readonly calls: { readonly model: string; readonly costUsd: number | null }[] };
  readonly end?: boolean;
  readonly outcome?: string;
}

describe('an Agents SDK team through faultline run', () => {
  it('runs on two workers under production: run complete, handoffs in every trajectory, report written', async () => {
    const out = join(dir, 'run');
    const r = await runImportedTeam(MODULE, 'agents-sdk-http', out, { report: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/Warning|Error/);

    const run = parseJson<{ status: string; planned: number; recorded: number; workers: number }>(
      readFileSync(join(out, 'run.json'), 'utf8'),
    );
    expect(run).toMatchObject({ status: 'complete', planned: 2, recorded: 2, workers: 2 });
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('agents-sdk-http');

    const files = readdirSync(join(out, 'trajectories')).sort();
    expect(files).toEqual([0, 1].map((s) => `filesystem.rename-symbol-v1__agents-sdk-http__s${s}__t0.jsonl`));
    for (const file of files) {
      const lines = trajectoryLines<Line>(join(out, 'trajectories', file));
      const steps = lines.filter((l) => l.action !== undefined);
      const handoffs = steps.filter((s) => s.action?.type === 'handoff');
      expect(
        handoffs.map((s) => `${s.event?.handoff?.from}→${s.event?.handoff?.to}`),
        file,
      ).toEqual(['planner→executor', 'executor→planner']);
      expect(handoffs[0]?.event?.handoff?.missing, file).toEqual([]);
      // Every step carries the model call that chose it, from the role's model, priced.
      for (const s of steps) {
        expect(
          s.turn?.calls.map((c) => c.model),
          file,
        ).toEqual([s.role === 'planner' ? 'scripted-triage' : 'scripted-specialist']);
        expect(s.turn?.calls[0]?.costUsd, file).toBeGreaterThan(0);
      }
      expect(lines.at(-1), file).toMatchObject({ end: true, outcome: 'success' });
    }

    const summary = parseJson<{ cells: { team: string; usage: { calls: number; costUsd: number | null } }[] }>(
      readFileSync(join(out, 'summary.json'), 'utf8'),
    );
    const cell = summary.cells.find((c) => c.team === 'agents-sdk-http');
    expect(cell?.usage.calls).toBeGreaterThan(0);
    expect(cell?.usage.costUsd).toBeGreaterThan(0);
  }, 120_000);
});
