/**
 * What the env checker returns: the issues it found and the plain-text rendering the CLI prints
 * and test failures show.
 */

/** One problem found by the checker. */
export interface CheckIssue {
  /** The check that found it, e.g. `D1 determinism`. */
  readonly check: string;
  /**
   * The actual value, what was expected, the likely fix and how to reproduce it; ends with the
   * rule id and its section of `docs/checks.md`, e.g. `(rule D1, docs/checks.md#d1)`.
   */
  readonly message: string;
}

/** The result of `checkEnv`. */
export interface CheckReport {
  /** The registered id of the env (null for an unregistered factory). */
  readonly envId: string | null;
  /** No errors (and, in strict mode, no warnings). */
  readonly passed: boolean;
  readonly errors: readonly CheckIssue[];
  readonly warnings: readonly CheckIssue[];
  /** The checks that ran, in order. */
  readonly checks: readonly string[];
}

/** Renders a report as plain text: a summary line, then one line per issue (for the CLI and test failures). */
export function formatReport(report: CheckReport): string {
  const lines = [
    `${report.passed ? 'pass' : 'FAIL'}  ${report.envId ?? '(unregistered env)'} — ${report.checks.length} checks, ${report.errors.length} errors, ${report.warnings.length} warnings`,
  ];
  for (const e of report.errors) lines.push(`  error   [${e.check}] ${e.message}`);
  for (const w of report.warnings) lines.push(`  warning [${w.check}] ${w.message}`);
  return lines.join('\n');
}
