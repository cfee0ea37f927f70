/**
 * What the end-to-end tests of LLM teams share: the real CLI run in process with the provider's
 * environment variables set for that run only, the files a run leaves behind, and counts of what
 * the scripted server answered.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cliInProcess, type CliResult } from '../../support/cli.js';
import { parseJson } from '../../support/json.js';
import type { ScriptedModelRequest } from '../../../src/testing/index.js';
import type { EpisodeUsage, ModelCallRecord, ProviderAttempt } from '../../../src/team/turn.js';

/** The provider variables the CLI reads; each test sets the ones it needs and unsets the others. */
const PROVIDER_VARS = ['OPENAI_API_KEY', 'OPENAI_BASE_URL'] as const;

/**
 * Runs `faultline ...args` in process with exactly `vars` among the provider variables (the others
 * unset), restoring the environment afterwards: test files share a process, so none may leak a key.
 */
export async function runCli(
  args: readonly string[],
  vars: Partial<Record<(typeof PROVIDER_VARS)[number], string>>,
): Promise<CliResult & { readonly seconds: number }> {
  const saved = PROVIDER_VARS.map((name) => [name, process.env[name]] as const);
  for (const name of PROVIDER_VARS) {
    const value = vars[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const started = performance.now();
  try {
    const result = await cliInProcess(args);
    return { ...result, seconds: (performance.now() - started) / 1000 };
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Every file under `dir`, as paths relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found.sort();
}

/** The files under any of `dirs` whose bytes contain `secret`. */
export function filesContaining(dirs: readonly string[], secret: string): string[] {
  const needle = Buffer.from(secret, 'utf8');
  return dirs.flatMap((dir) =>
    filesUnder(dir)
      .filter((file) => readFileSync(join(dir, file)).includes(needle))
      .map((file) => join(dir, file)),
  );
}

/**
 * The files a run's results are made of — summary.json, episodes.jsonl and every trajectory —
 * by relative path, for byte comparison between runs. (run.json holds the run's flags and times,
 * which differ between a record and a replay by design.)
 */
export function resultFiles(out: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const file of filesUnder(out))
    if (file === 'summary.json' || file === 'episodes.jsonl' || file.startsWith('trajectories'))
      files.set(file, readFileSync(join(out, file)));
  return files;
}

/** How many answers of the server injected each fault (a request may inject several). */
export function faultCounts(requests: readonly ScriptedModelRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) {
    const answer = r.answer;
    if (answer === undefined) continue;
    for (const fault of answer.faults ?? []) counts[fault] = (counts[fault] ?? 0) + 1;
  }
  return counts;
}

/** The fields of a line of episodes.jsonl these tests read. */
export interface EpisodeLine {
  readonly id: string;
  readonly outcome: string;
  readonly success: boolean;
  readonly seed: number;
  readonly usage?: EpisodeUsage;
}

/** The recorded episodes of a run directory (episodes.jsonl), each line parsed. */
export function episodeLines(out: string): EpisodeLine[] {
  return readFileSync(join(out, 'episodes.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => parseJson<EpisodeLine>(l));
}

/** Every failed provider attempt the trajectories of a run record, over all steps' model calls. */
export function recordedAttempts(out: string): ProviderAttempt[] {
  const attempts: ProviderAttempt[] = [];
  for (const file of filesUnder(join(out, 'trajectories')))
    for (const line of readFileSync(join(out, 'trajectories', file), 'utf8').split('\n')) {
      if (line === '') continue;
      const step = parseJson<{ turn?: { calls: readonly ModelCallRecord[] } }>(line);
      for (const call of step.turn?.calls ?? []) attempts.push(...call.attempts);
    }
  return attempts;
}
