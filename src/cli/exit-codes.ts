/**
 * The exit codes of `faultline`, in one table: the commands set them, `--help` prints them and
 * the README documents them. Failed episodes are results, not errors: a run that completes exits 0
 * however many of its episodes failed (CI reads them from `--junit`).
 */

/** Every exit code faultline uses, by meaning. */
export const EXIT = {
  /** The command did what it was asked (a run completed, whatever its episodes' outcomes). */
  ok: 0,
  /**
   * A crash (the stack is printed), a check that found problems (`check`, `replay`, `traces`), a
   * run on a queue with episodes that failed on its workers, or a queue whose Redis did not answer.
   */
  failed: 1,
  /** A usage error: unknown option or command, a bad flag value or id, a directory that cannot be used. */
  usage: 2,
  /** `run --bail N` stopped the run after N failed episodes; finish it with `--resume`. */
  bailed: 3,
  /** Interrupted with Ctrl-C (128 + SIGINT); finish the run with `--resume`. */
  interrupted: 130,
} as const;

/** The table as `faultline --help` prints it and the README shows it. */
export const EXIT_CODE_HELP = `Exit codes:
  0    success: the command did what it was asked (a completed run exits 0 whatever
       its episodes' outcomes; failed episodes are results, read them with --junit)
  1    a crash (the stack is printed), or check, replay or traces found problems, or
       a run on a queue had failed episodes or lost its Redis (resume with --resume)
  2    a usage error: unknown option or command, bad flag value or id, unusable
       directory (the message names the flag, the value and the fix)
  3    run --bail N stopped the run after N failed episodes (resume with --resume)
  130  interrupted with Ctrl-C (resume with --resume)`;
