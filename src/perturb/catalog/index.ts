/**
 * The perturbation catalog, in a fixed order (plans and listings depend on it).
 */
import type { PerturbationType } from './perturbation-type.js';
import { transientError } from './transient-error.js';
import { timeout } from './timeout.js';
import { rateLimit } from './rate-limit.js';
import { truncatedResult } from './truncated-result.js';
import { malformedResult } from './malformed-result.js';
import { schemaChange } from './schema-change.js';
import { permanentFailure } from './permanent-failure.js';
import { ambiguity } from './ambiguity.js';
import { requirementChange } from './requirement-change.js';
import { paraphrase } from './paraphrase.js';
import { handoffTruncation } from './handoff-truncation.js';
import { handoffFieldDrop } from './handoff-field-drop.js';
import { memoryLoss } from './memory-loss.js';
import { wrongData } from './wrong-value.js';
import { staleData } from './stale-data.js';
import { conflictingSources } from './conflicting-sources.js';
import { distractor } from './distractor.js';
import { injection } from './injection.js';

export type { PerturbationType, Effect, PlanContext } from './perturbation-type.js';

/** Every perturbation type. */
export const CATALOG: readonly PerturbationType[] = [
  transientError,
  timeout,
  rateLimit,
  truncatedResult,
  malformedResult,
  schemaChange,
  permanentFailure,
  wrongData,
  staleData,
  conflictingSources,
  distractor,
  injection,
  ambiguity,
  requirementChange,
  paraphrase,
  handoffTruncation,
  handoffFieldDrop,
  memoryLoss,
];

const byId = new Map(CATALOG.map((t) => [t.id, t]));

/** A catalog entry by id. */
export function perturbationType(id: string): PerturbationType | undefined {
  return byId.get(id);
}
