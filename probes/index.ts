/**
 * Independent probe teams: teams written the way a user writes one — through the package's public
 * entries only (`faultline`, `faultline/teams`, `faultline/metrics` …), never its internals — each
 * the oracle with one realistic difference (it paraphrases, drops one fact from a free-text
 * handoff, makes its own mistake, obeys an injected instruction, hedges its answer, does nothing,
 * quits, or takes another valid path to the same goal).
 *
 * They are how the failure-mode metrics are proven on behaviour they were not written around:
 * `faultline validity` runs them next to the reference teams, and the tests hold each metric to
 * flagging the probe whose defect it is for and staying quiet on the probes that only behave
 * differently.
 */

/**
 * Ground truth a probe team reports about its own defect: where it acted (the env step of the
 * action, the role that took it) and what it concerned. The validity experiment compares it with
 * what the metrics found.
 */
export interface ProbeReport {
  /** The env step of the defective action (the observation's `step` + 1). */
  readonly step: number;
  /** The role that took it. */
  readonly role: string;
  /** Fact ids it concerned (a dropped fact, a misstated value), when any. */
  readonly facts?: readonly string[];
  /** What it did, in a few words (for test failure messages). */
  readonly note?: string;
}

/** Options every probe team's factory takes. */
export interface ProbeOptions {
  /** Told each time the probe's defect acts (ground truth for tests and the validity experiment). */
  readonly onDefect?: (report: ProbeReport) => void;
}
