/**
 * An episode job: what the coordinator puts on the queue for one planned episode, and what a
 * worker returns. A job carries the episode's key, the run's per-episode settings, the modules to
 * load (see `portable-modules.ts`) and the model request limits — never an API key: workers read
 * their own environment. Workers validate every job (a queue is shared, and anything on it may
 * be malformed or hostile) and the coordinator verifies every result before recording it.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { episodeId, type PlannedKey } from '../run/episode-id.js';
import type { EpisodeSettings } from '../run/execute.js';
import type { LimiterSettings } from '../llm/types.js';
import type { EpisodeRecord } from '../run/records.js';
import { recordProblem, checkTrajectoryText } from '../run/verify.js';
import { SETUP_ROLES, type ModuleRef, type PortableSetup } from './portable-modules.js';
import { cassetteProblem } from '../llm/gateway/cassette.js';
import { MAX_CASSETTE_BYTES, unpackText } from './job-cassette.js';

/** The format tag of an episode job's data. */
export const JOB_FORMAT = 'faultline.job/1';

/** The data of an episode job. */
export interface EpisodeJob {
  readonly format: typeof JOB_FORMAT;
  /** The run the job belongs to (its coordinator harvests it). */
  readonly runId: string;
  /** The faultline version that planned it: a worker of another version refuses it. */
  readonly version: string;
  readonly key: PlannedKey;
  readonly settings: EpisodeSettings;
  readonly setup: readonly PortableSetup[];
  readonly imports: readonly ModuleRef[];
  /** Model request limits shared by every worker through Redis (null: none). */
  readonly limits: LimiterSettings | null;
  /**
   * The episode's cassette file on the coordinator's side, packed (job-cassette.ts), when the run
   * has a cassette that replays answers and the episode has one. Absent: the episode starts with none.
   */
  readonly cassette?: string;
}

/**
 * What a worker returns for an episode job. The trajectory travels gzipped (about a tenth of its
 * size): results wait in Redis's memory until the coordinator collects them.
 */
export interface EpisodeJobResult {
  readonly record: EpisodeRecord;
  /** The text of the episode's trajectory file, gzipped, in base64. */
  readonly trajectoryGzip: string;
  /** The cassette file the episode left, packed, when the run's cassette records answers. */
  readonly cassetteGzip?: string;
}

/** A verified result, ready to record. */
export interface UnpackedResult {
  readonly record: EpisodeRecord;
  readonly trajectory: string;
  /** The cassette file the episode left, checked, when the worker returned one. */
  readonly cassette?: string;
}

/** The largest trajectory a result may unpack to: a hostile worker cannot make the coordinator inflate more. */
const MAX_TRAJECTORY_BYTES = 256 * 1024 * 1024;

/** A worker's result for a finished episode. */
export function packResult(done: Omit<UnpackedResult, 'cassette'>, cassetteGzip?: string): EpisodeJobResult {
  const result = { record: done.record, trajectoryGzip: gzipSync(done.trajectory).toString('base64') };
  return cassetteGzip === undefined ? result : { ...result, cassetteGzip };
}

const whole = z.number().int().nonnegative();
const positive = z.number().positive();

/** The schema workers validate job data with. */
export const episodeJobSchema = z.strictObject({
  format: z.literal(JOB_FORMAT),
  runId: z.string().regex(/^[0-9a-f]{8,64}$/),
  version: z.string().max(64),
  key: z.strictObject({
    envId: z.string().max(200),
    team: z.string().max(200),
    seed: whole,
    trial: whole,
    variant: whole,
    worldSize: whole.optional(),
  }),
  settings: z.strictObject({
    perturb: z.string().max(200),
    maxSteps: z.number().int().positive().nullable(),
    agentTimeoutMs: z.number().int().positive().optional(),
    maxActionBytes: z.number().int().positive().optional(),
  }),
  setup: z.array(z.strictObject({ module: z.enum(SETUP_ROLES), options: z.unknown().optional() })).max(16),
  imports: z.array(z.strictObject({ name: z.string().max(255), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).max(64),
  limits: z
    .strictObject({ rpm: positive.optional(), tpm: positive.optional(), maxInFlight: positive.optional() })
    .nullable(),
  cassette: z.base64().max(MAX_CASSETTE_BYTES).optional(),
});

/** The job data, validated; a clear message naming the first problem otherwise. */
export function parseEpisodeJob(data: unknown): { job: EpisodeJob } | { error: string } {
  const parsed = episodeJobSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      error: `the job's data is not a ${JOB_FORMAT} episode job: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    };
  }
  try {
    // The key names files on the coordinator's side: every part is checked here too.
    episodeId(parsed.data.key);
  } catch (e) {
    return { error: `the job's episode key is not valid: ${(e as Error).message}` };
  }
  return { job: parsed.data };
}

/**
 * A worker's result for the episode `expectedId`, unpacked and verified — or why it cannot be
 * recorded: it must be that episode's record, sealed, with the complete trajectory it was sealed with.
 */
export function unpackResult(result: unknown, expectedId: string): UnpackedResult | { readonly problem: string } {
  if (typeof result !== 'object' || result === null) return { problem: 'the worker returned no result' };
  const { record, trajectoryGzip, cassetteGzip } = result as Partial<EpisodeJobResult>;
  if (typeof record !== 'object' || record === null || typeof trajectoryGzip !== 'string')
    return { problem: 'the worker returned no record and trajectory' };
  let trajectory: string;
  try {
    trajectory = gunzipSync(Buffer.from(trajectoryGzip, 'base64'), { maxOutputLength: MAX_TRAJECTORY_BYTES }).toString(
      'utf8',
    );
  } catch (e) {
    return { problem: `the trajectory cannot be unpacked (${(e as Error).message})` };
  }
  const problem = resultProblem(record, trajectory, expectedId);
  if (problem !== null) return { problem };
  if (cassetteGzip === undefined) return { record, trajectory };
  const cassette = returnedCassette(cassetteGzip);
  return 'problem' in cassette ? cassette : { record, trajectory, cassette: cassette.text };
}

/** The cassette file a worker returned, unpacked and checked line by line. */
function returnedCassette(packed: unknown): { readonly text: string } | { readonly problem: string } {
  if (typeof packed !== 'string') return { problem: 'the cassette is not a packed file' };
  let text: string;
  try {
    text = unpackText(packed);
  } catch (e) {
    return { problem: `the cassette cannot be unpacked (${(e as Error).message})` };
  }
  const problem = cassetteProblem(text);
  return problem === null ? { text } : { problem: `the cassette does not verify: ${problem}` };
}

function resultProblem(record: EpisodeRecord, trajectory: string, expectedId: string): string | null {
  if (record.id !== expectedId) return `the worker returned episode ${JSON.stringify(record.id)}, not ${expectedId}`;
  if (typeof record.checksum !== 'string') return 'the record has no checksum';
  const problem = recordProblem(record);
  if (problem !== null) return `the record does not verify: ${problem}`;
  const check = checkTrajectoryText(trajectory);
  if (check.state !== 'verified') return `the trajectory does not verify: ${check.reason ?? check.state}`;
  if (check.header?.id !== record.id || check.footer?.checksum !== record.trajectoryChecksum)
    return 'the trajectory is not the one the record was sealed with';
  return null;
}
