/**
 * `faultline/metrics`: the failure-mode metrics of an episode (drift, handoff loss, cascades,
 * recovery, the verdict), computed from the env's event log, their aggregates over a run, and the
 * statistics behind every interval (`stats`). Importing it registers nothing.
 */
export * from '../metrics/index.js';
export { auditHandoff, factsInText, messageText, normalizeText, type HandoffAudit } from '../team/handoff-audit.js';
export { evaluateLedger, type Grade, type ConstraintStatus, type InvariantBreach } from '../team/ledger.js';
export * as stats from '../stats/index.js';
export {
  answerAsserts,
  factKind,
  factMatcher,
  findFact,
  mentionsFact,
  readAnswer,
  type AnswerReading,
  type FactKind,
  type FactValue,
  type FactMatcher,
  type FactSpan,
} from '../facts/index.js';
