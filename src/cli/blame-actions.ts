/**
 * What `faultline blame` and `faultline blame-validity` do, apart from their options
 * (blame-command.ts): imported when one of them runs, so the start-up of every other command does
 * not load blame's re-runs, formats and validity teams.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaultlineError, InvalidArgumentError } from '../core/errors.js';
import { fillSectionsInFile } from '../report/docs.js';
import { findTeam, listTeams } from '../team/agent.js';
import { loadModules } from '../run/setup.js';
import { BLAME_FILE } from '../run/blame/blame-file.js';
import { formatBlame, formatBlameValidity } from '../run/blame/format.js';
import { blameRun, tallyBlame, type BlameReport } from '../run/blame/run-blame.js';
import type { EpisodeBlame } from '../run/blame/episode-blame.js';
import { readBlameFile } from '../report/html/blame-file.js';
import { blameValidity } from '../run/blame/validity.js';
import { readManifest } from '../run/manifest.js';
import { importUrls, resolveEnvIds } from '../run/runner.js';
import { parseSeedList } from '../run/seeds.js';
import type { SetupEntry } from '../run/setup.js';
import { llmSetupFrom, type LlmCliOptions } from './llm-options.js';
import { mixedSetupFrom } from './mixed-options.js';
import { playsThroughServer } from '../serve/mixed-team/config.js';
import { LLM_AGENT_TIMEOUT_MS } from './run-command.js';
import { teamCmdSetupFrom } from './team-cmd-options.js';

/** The options of `faultline blame`. */
export interface BlameCliOptions extends LlmCliOptions {
  episode?: string[];
  json?: boolean;
  workers: number;
  concurrency: number;
  maxInterventions: number;
  reference: string;
  import: string[];
}

/** `faultline blame <run-dir>`. */
export async function blameAction(dir: string, opts: BlameCliOptions): Promise<void> {
  const manifest = readManifest(dir);
  if (!manifest)
    throw new InvalidArgumentError(
      'blame <run-dir>',
      dir,
      'a run directory with run.json',
      'pass the --out directory of a faultline run',
    );
  if (opts.llmCacheMode === 'record')
    throw new InvalidArgumentError(
      '--llm-cache-mode',
      'record',
      'replay (offline: a changed conversation is reported as unknown) or auto (ask the model where the conversation changed)',
      'leave it out for replay; record would empty the cassettes the run was recorded with',
    );
  if (opts.llmCacheMode === 'auto' && opts.workers > 1)
    throw new InvalidArgumentError(
      '--workers',
      opts.workers,
      '1 with --llm-cache-mode auto (answers are appended to the cassettes from one thread)',
      'pass --workers 1 and raise --concurrency instead',
    );
  // The run's team files as `faultline run` reads them: mixed teams first, the rest LLM teams.
  const files = teamCmdSetupFrom({ ...(opts.teamFile ? { teamFile: opts.teamFile } : {}) });
  const cacheMode =
    opts.llmCache !== undefined && opts.llmCacheMode === undefined ? { llmCacheMode: 'replay' as const } : {};
  const llm = llmSetupFrom({ ...opts, ...cacheMode, teamFile: files.llmTeamFiles }, manifest.config.teams);
  const mixed = mixedSetupFrom(files.mixedTeamFiles, { ...opts, ...cacheMode });
  const outside = [
    ...files.teamIds,
    ...(mixed.setupEntry?.options.teams ?? [])
      .filter((t) => Object.values(t.roles).some(playsThroughServer))
      .map((t) => t.id),
  ].filter((id) => manifest.config.teams.includes(id));
  if (outside.length > 0)
    throw new InvalidArgumentError(
      '--team-file',
      outside.join(', '),
      'a team whose agents faultline creates (this one plays its episodes through agents outside faultline, whose single actions cannot be replaced)',
      'blame a team whose roles are oracle, team or llm kinds; to try another agent in a role, run a team file with that role replaced and compare the runs',
    );
  const setup: SetupEntry[] = [
    ...(llm.setupEntry ? [llm.setupEntry] : []),
    ...(mixed.setupEntry ? [mixed.setupEntry] : []),
  ];
  // The run's modules register its teams (and maybe the reference) here too, to check the reference.
  await loadModules([], importUrls(opts.import.length > 0 ? opts.import : manifest.config.imports));
  if (findTeam(opts.reference) === undefined)
    throw new InvalidArgumentError(
      '--reference',
      opts.reference,
      `a registered team (${listTeams()
        .map((t) => t.id)
        .join(', ')}), or one a module passed with --import registers`,
      'pass --reference oracle, or --import the module that registers the team',
    );
  const report = await blameRun({
    dir,
    ...(opts.episode ? { episodes: opts.episode } : {}),
    reference: opts.reference,
    setup,
    imports: opts.import,
    workers: opts.workers,
    concurrency: opts.concurrency,
    maxInterventions: opts.maxInterventions,
    // One action of a model team can span several model calls with their retries.
    ...(llm.setupEntry || mixed.hasLlmRoles ? { agentTimeoutMs: LLM_AGENT_TIMEOUT_MS } : {}),
  });
  writeFileSync(
    join(dir, BLAME_FILE),
    `${JSON.stringify(opts.episode ? mergedWithEarlier(dir, report) : report, null, 2)}\n`,
  );
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatBlame(report, dir));
  // A report written before blame would show "not computed" in every drill-down: bring it up to date.
  if (existsSync(join(dir, 'report.html'))) {
    let path: string;
    try {
      const { writeReport } = await import('../report/html/write.js');
      path = writeReport(dir);
    } catch (e) {
      throw new FaultlineError(
        `blame: ${BLAME_FILE} was written, but ${join(dir, 'report.html')} could not be rewritten with it (${(e as Error).message}). Run \`faultline report ${dir}\` to write it.`,
      );
    }
    // With --json, stdout is the JSON alone.
    (opts.json ? process.stderr : process.stdout).write(`Report rewritten with blame: ${path}\n`);
  }
}

/** The options of `faultline blame-validity`. */
export interface BlameValidityCliOptions {
  seeds: string;
  env: string[];
  workers: number;
  write?: string;
  json?: boolean;
}

/** `faultline blame-validity`. */
export async function blameValidityAction(opts: BlameValidityCliOptions): Promise<void> {
  const seeds = parseSeedList(opts.seeds);
  const envs = resolveEnvIds(opts.env);
  const report = await blameValidity({
    envs,
    seeds,
    workers: opts.workers,
    onProgress: (message) => process.stderr.write(`${message}…\n`),
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const command = [
    'faultline blame-validity',
    `--seeds ${opts.seeds}`,
    ...(opts.env.includes('all') ? [] : [`--env ${opts.env.join(',')}`]),
  ].join(' ');
  const text = formatBlameValidity(report, command);
  process.stdout.write(`${text}\n`);
  if (opts.write) {
    const changed = fillSectionsInFile(opts.write, { 'blame-validity': text });
    process.stdout.write(`${opts.write}: ${changed ? 'updated' : 'already up to date'}\n`);
  }
}

/**
 * The run's blame with `fresh`'s episodes blamed again: the other episodes of an earlier
 * `blame.json` of the same reference are kept (in their order, the new ones after them), so
 * `--episode` does not lose the rest of the run's blame.
 */
function mergedWithEarlier(dir: string, fresh: BlameReport): BlameReport {
  const earlier = readBlameFile(dir);
  if (earlier.state !== 'read' || earlier.reference !== fresh.reference) return fresh;
  const again = new Map(fresh.episodes.map((e) => [e.episode, e]));
  // Entries were validated against the shape blame writes.
  const kept = [...earlier.entries.values()].map((e) => again.get(e.episode) ?? (e as EpisodeBlame));
  const added = fresh.episodes.filter((e) => !earlier.entries.has(e.episode));
  return tallyBlame(fresh.reference, [...kept, ...added]);
}
