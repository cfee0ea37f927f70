/**
 * `faultline compare A B`: a paired comparison of two run directories on the episodes both ran —
 * per cell (env × team) the success rate and each failure-mode rate under A and B, the difference
 * B − A with its interval, and whether it is significant. It says plainly when the runs cannot
 * be compared (no shared episodes because of different env versions or seeds) and warns when
 * they differ in something that confounds the comparison (the perturbation profile).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FaultlineError, InvalidArgumentError } from '../core/errors.js';
import { deriveSeed, hashString } from '../core/rng.js';
import { FAILURE_MODES, type FailureMode } from '../metrics/modes.js';
import { pairedDifference, type Pair, type PairedDifference } from '../stats/paired.js';
import { formatSeedList, readManifest } from './manifest.js';
import { discardReasons } from './recorder.js';
import { scanRecordedEpisodes } from './record-scan.js';
import type { EpisodeRecord } from './records.js';

/** The comparison of one cell. */
export interface CellComparison {
  readonly env: string;
  readonly teamA: string;
  readonly teamB: string;
  readonly success: PairedDifference;
  readonly failureModes: Readonly<Record<FailureMode, PairedDifference>>;
}

/** The result of {@link compareRuns}. */
export interface RunComparison {
  readonly format: 'faultline.compare/1';
  /** Paired episodes over all cells. */
  readonly shared: number;
  /** Episodes only one run has (left out). */
  readonly onlyA: number;
  readonly onlyB: number;
  /** Every cell pooled. */
  readonly overall: Omit<CellComparison, 'env'> & { readonly env: '*' };
  readonly cells: readonly CellComparison[];
  /** Differences between the runs that confound the comparison. */
  readonly warnings: readonly string[];
}

/** Options of {@link compareRuns}. */
export interface CompareOptions {
  /**
   * Which team of B to pair with which team of A (`{ oracle: 'brittle' }`). By default teams pair
   * with themselves; when each run has a single team, those two pair.
   */
  readonly teams?: Readonly<Record<string, string>>;
}

/** Compares the runs recorded in two directories. */
export function compareRuns(dirA: string, dirB: string, options: CompareOptions = {}): RunComparison {
  const a = loadRun(dirA, 'A');
  const b = loadRun(dirB, 'B');
  const teamsA = [...new Set(a.map((r) => r.team))].sort();
  const teamsB = [...new Set(b.map((r) => r.team))].sort();
  const mapping = teamMapping(teamsA, teamsB, options.teams);
  const keyOf = (r: ComparedRecord, team: string) => `${r.envId}|${team}|${r.seed}|${r.variant ?? 0}|${r.trial}`;
  const byKeyB = new Map(b.map((r) => [keyOf(r, r.team), r]));
  const cells = new Map<
    string,
    { env: string; teamA: string; teamB: string; pairs: Array<[ComparedRecord, ComparedRecord]> }
  >();
  const matchedB = new Set<string>();
  let onlyA = 0;
  for (const ra of a) {
    const teamB = mapping.get(ra.team);
    const rb = teamB === undefined ? undefined : byKeyB.get(keyOf(ra, teamB));
    if (!rb || teamB === undefined) {
      onlyA++;
      continue;
    }
    matchedB.add(keyOf(rb, rb.team));
    const cellKey = `${ra.envId}|${ra.team}|${teamB}`;
    const cell = cells.get(cellKey) ?? { env: ra.envId, teamA: ra.team, teamB, pairs: [] };
    cells.set(cellKey, cell);
    cell.pairs.push([ra, rb]);
  }
  const shared = [...cells.values()].reduce((s, c) => s + c.pairs.length, 0);
  if (shared === 0)
    throw new FaultlineError(
      `compare: ${dirA} and ${dirB} share no episodes, so they cannot be compared: ${whyDisjoint(a, b)}.`,
    );
  const warnings = confounders(dirA, dirB, a, b);
  const compareCell = (
    env: string,
    teamA: string,
    teamB: string,
    pairs: ReadonlyArray<[ComparedRecord, ComparedRecord]>,
  ) => {
    const seed = deriveSeed(hashString(`${env}|${teamA}|${teamB}`), 'compare');
    const cluster = (r: ComparedRecord) => `${r.envId}|${r.seed}|${r.variant ?? 0}`;
    const diff = (event: (r: ComparedRecord) => boolean, label: string): PairedDifference =>
      pairedDifference(
        pairs.map(([x, y]): Pair => ({ cluster: cluster(x), a: event(x), b: event(y) })),
        { seed: deriveSeed(seed, label) },
      );
    const failureModes = Object.fromEntries(
      FAILURE_MODES.map((m) => [m, diff((r) => r.metrics?.modes.includes(m) ?? false, m)]),
    ) as Record<FailureMode, PairedDifference>;
    return { env, teamA, teamB, success: diff((r) => r.success, 'success'), failureModes };
  };
  const sortedCells = [...cells.values()].sort((x, y) => cmp(x.env, y.env) || cmp(x.teamA, y.teamA));
  const allPairs = sortedCells.flatMap((c) => c.pairs);
  const pooledTeams = (side: 'teamA' | 'teamB') => [...new Set(sortedCells.map((c) => c[side]))].join(',');
  return {
    format: 'faultline.compare/1',
    shared,
    onlyA,
    onlyB: b.length - matchedB.size,
    overall: { ...compareCell('*', pooledTeams('teamA'), pooledTeams('teamB'), allPairs), env: '*' },
    cells: sortedCells.map((c) => compareCell(c.env, c.teamA, c.teamB, c.pairs)),
    warnings,
  };
}

/**
 * What a comparison uses of an episode record: its key, success, failure modes and profile. Runs
 * are read line by line into these, so two runs of any size are compared without their records.
 */
type ComparedRecord = Pick<EpisodeRecord, 'envId' | 'team' | 'seed' | 'variant' | 'trial' | 'success'> & {
  readonly metrics?: { readonly modes: readonly string[] };
  readonly perturbations: { readonly profile: string };
};

function comparedRecordOf(r: EpisodeRecord): ComparedRecord {
  return {
    envId: r.envId,
    team: r.team,
    seed: r.seed,
    variant: r.variant,
    trial: r.trial,
    success: r.success,
    ...(r.metrics ? { metrics: { modes: r.metrics.modes } } : {}),
    perturbations: { profile: r.perturbations.profile },
  };
}

function loadRun(dir: string, label: string): ComparedRecord[] {
  if (!existsSync(join(dir, 'episodes.jsonl')))
    throw new InvalidArgumentError(
      `compare <dir${label}>`,
      dir,
      'a run directory (with episodes.jsonl)',
      'pass the --out directory of a `faultline run`',
    );
  const records: ComparedRecord[] = [];
  const { problems } = scanRecordedEpisodes(dir, {}, (r) => records.push(comparedRecordOf(r)));
  if (records.length === 0)
    throw new FaultlineError(
      `compare: ${dir} has no recorded episodes${problems.length > 0 ? ` (${problems.length} line(s) of episodes.jsonl fail their checks — ${discardReasons(problems)}; \`faultline replay ${dir}\` lists them)` : ''}.`,
    );
  return records;
}

function teamMapping(
  teamsA: readonly string[],
  teamsB: readonly string[],
  explicit: Readonly<Record<string, string>> | undefined,
): Map<string, string> {
  if (explicit && Object.keys(explicit).length > 0) {
    for (const [x, y] of Object.entries(explicit)) {
      if (!teamsA.includes(x))
        throw new InvalidArgumentError(
          '--teams',
          `${x}:${y}`,
          `a team of run A (${teamsA.join(', ')}) before the colon`,
          'write --teams A_TEAM:B_TEAM',
        );
      if (!teamsB.includes(y))
        throw new InvalidArgumentError(
          '--teams',
          `${x}:${y}`,
          `a team of run B (${teamsB.join(', ')}) after the colon`,
          'write --teams A_TEAM:B_TEAM',
        );
    }
    return new Map(Object.entries(explicit));
  }
  const common = teamsA.filter((t) => teamsB.includes(t));
  if (common.length > 0) return new Map(common.map((t) => [t, t]));
  if (teamsA.length === 1 && teamsB.length === 1) return new Map([[teamsA[0]!, teamsB[0]!]]);
  throw new InvalidArgumentError(
    '--teams',
    '(none)',
    `a pairing of A's teams (${teamsA.join(', ')}) with B's (${teamsB.join(', ')})`,
    'pass e.g. --teams oracle:brittle',
  );
}

/** Why two runs share no episodes, in the user's terms. */
function whyDisjoint(a: readonly ComparedRecord[], b: readonly ComparedRecord[]): string {
  const envsA = new Set(a.map((r) => r.envId));
  const envsB = new Set(b.map((r) => r.envId));
  const family = (id: string) => id.replace(/-v\d+$/, '');
  const versionClash = [...envsA].flatMap((x) =>
    [...envsB].filter((y) => y !== x && family(y) === family(x)).map((y) => `${x} vs ${y}`),
  );
  if (versionClash.length > 0)
    return `they ran different env versions (${versionClash.slice(0, 3).join('; ')}), whose tasks differ`;
  if (![...envsA].some((e) => envsB.has(e)))
    return `they ran no env in common (A: ${[...envsA].slice(0, 3).join(', ')}; B: ${[...envsB].slice(0, 3).join(', ')})`;
  const seedsA = new Set(a.map((r) => r.seed));
  if (!b.some((r) => seedsA.has(r.seed)))
    return `they ran no seed in common (A: seeds ${formatSeedList([...seedsA])}; B: seeds ${formatSeedList(b.map((r) => r.seed))}): run one of them again with the other's --seeds`;
  return 'their teams, variants or trials do not overlap (pair teams with --teams A_TEAM:B_TEAM)';
}

function confounders(dirA: string, dirB: string, a: readonly ComparedRecord[], b: readonly ComparedRecord[]): string[] {
  const out: string[] = [];
  const profiles = (rs: readonly ComparedRecord[]) =>
    [...new Set(rs.map((r) => r.perturbations.profile))].sort().join(',');
  if (profiles(a) !== profiles(b))
    out.push(
      `the runs used different perturbation profiles (A: ${profiles(a)}, B: ${profiles(b)}): differences mix the teams' effect with the faults'`,
    );
  const ma = readManifest(dirA);
  const mb = readManifest(dirB);
  if (ma && mb && ma.config.maxSteps !== mb.config.maxSteps)
    out.push(
      `the runs used different step limits (A: ${ma.config.maxSteps ?? 'env default'}, B: ${mb.config.maxSteps ?? 'env default'})`,
    );
  return out;
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
