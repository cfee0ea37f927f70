/**
 * Statistics over many episodes: unbiased pass^k / pass@k, Wilson and seeded-bootstrap
 * intervals, consistency across trials and variants, and paired comparisons of two runs.
 */
export { passHatK, passAtK, binomial } from './estimators.js';
export {
  wilson,
  wilsonOfRate,
  bootstrap,
  meanRateInterval,
  mean,
  Z95,
  type Interval,
  type BootstrapOptions,
} from './intervals.js';
export {
  consistencyOf,
  rate,
  INFRASTRUCTURE_OUTCOMES,
  type Consistency,
  type ConsistencyOptions,
  type CurvePoint,
  type RateWithInterval,
  type TrialOutcome,
} from './consistency.js';
export { pairedDifference, mcnemarExact, type Pair, type PairedDifference } from './paired.js';
