/**
 * The digest a trajectory records of an observation. It covers every field of the observation but
 * its `text`: the text is a rendering of the other fields (and of the role's description, which
 * the task fixes), so it adds nothing a digest must pin, while rendering and hashing it was the
 * largest cost of recording a step (a file's or a page's content can be in it). Text changes are
 * pinned by the golden digests instead (test/golden), which hash the rendered observations.
 *
 * Trajectories written before this definition (`faultline.trajectory/1`) hashed the text too;
 * {@link legacyObservationDigest} reproduces theirs, so they still replay.
 */
import { canonicalJson, canonicalJsonOnce, digest, digestOfJson } from '../core/canonical.js';

/** The trajectory format whose observation digests leave the text out; the one written now. */
export const TRAJECTORY_FORMAT = 'faultline.trajectory/2';
/** The earlier format, whose observation digests include the text. Still read and replayed. */
export const LEGACY_TRAJECTORY_FORMAT = 'faultline.trajectory/1';
/** Every trajectory format this version reads. */
export type TrajectoryFormat = typeof TRAJECTORY_FORMAT | typeof LEGACY_TRAJECTORY_FORMAT;

/** Whether `format` is a trajectory format this version reads. */
export function isTrajectoryFormat(format: unknown): format is TrajectoryFormat {
  return format === TRAJECTORY_FORMAT || format === LEGACY_TRAJECTORY_FORMAT;
}

/**
 * The digest of an observation without its `text`. The text is never read: it is rendered when
 * first read, and an episode whose agents act on the structured fields never pays for it.
 */
export function observationDigest(observation: unknown): string {
  if (observation === null || typeof observation !== 'object' || Array.isArray(observation)) return digest(observation);
  const team = teamObservationJson(observation as Record<string, unknown>);
  if (team !== null) return digestOfJson(team);
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(observation)) {
    if (key !== 'text') fields[key] = (observation as Record<string, unknown>)[key];
  }
  return digest(fields);
}

/** The fields of a team observation but its text, in the order canonical JSON writes them. */
const TEAM_FIELDS = [
  'canFinish',
  'clock',
  'done',
  'env',
  'inbox',
  'last',
  'request',
  'restarted',
  'role',
  'step',
  'teammates',
  'tools',
] as const;

/** The enumerable keys of a team observation: its fields and its text. */
const TEAM_OBSERVATION_KEYS: ReadonlySet<string> = new Set([...TEAM_FIELDS, 'text']);

/** The fields' keys as canonical JSON writes them, each after its separator. */
const TEAM_KEYS = TEAM_FIELDS.map((key, i) => `${i === 0 ? '{' : ','}${JSON.stringify(key)}:`);

/** The last request quoted, and its quoted form: every observation of an episode's entry role repeats it. */
let lastRequest: unknown = null;
let lastRequestJson = 'null';

/**
 * The canonical JSON of a team observation without its text, written field by field: the same
 * bytes as `canonicalJson` of the text-less copy, without the copy, the sort of its keys, or
 * quoting the request (often longer than any other string) again every step. Null for any other
 * object (missing, extra or undefined fields), which takes the general path.
 */
function teamObservationJson(observation: Record<string, unknown>): string | null {
  // Exactly these enumerable keys (they are distinct, so as many as the set means all of them).
  const keys = Object.keys(observation);
  if (keys.length !== TEAM_OBSERVATION_KEYS.size) return null;
  for (const key of keys) if (!TEAM_OBSERVATION_KEYS.has(key)) return null;
  let json = '';
  for (let i = 0; i < TEAM_FIELDS.length; i++) {
    const field = TEAM_FIELDS[i] as (typeof TEAM_FIELDS)[number];
    const value = observation[field];
    let written: string | undefined;
    if (field === 'request' && typeof value === 'string') {
      if (value !== lastRequest) {
        lastRequestJson = canonicalJson(value);
        lastRequest = value;
      }
      written = lastRequestJson;
    } else if (field === 'last') {
      // The result of the step just taken: new, and written into no other digest.
      written = canonicalJsonOnce(value);
    } else written = canonicalJson(value);
    // An undefined (or function) field is left out of canonical JSON: the general path does that.
    if (written === undefined) return null;
    json += TEAM_KEYS[i] + written;
  }
  return `${json}}`;
}

/** The digest an observation has in a trajectory file of `format`. */
export function observationDigestFor(format: TrajectoryFormat, observation: unknown): string {
  return format === LEGACY_TRAJECTORY_FORMAT ? legacyObservationDigest(observation) : observationDigest(observation);
}

/** The digest `faultline.trajectory/1` files recorded: the whole observation, text included. */
export function legacyObservationDigest(observation: unknown): string {
  return digest(observation);
}
