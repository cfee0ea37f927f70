/**
 * One run of an agent program: spawned without a shell in its own process group, its output
 * counted against a cap (with the tail of stderr kept for error messages), and stopped — the
 * whole group, SIGTERM then SIGKILL — when it overruns or its episode is over. Every group
 * still alive when this process exits is killed (see leftovers.ts), so no program outlives the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { leftover } from './leftovers.js';
import { TailBuffer } from './tail-buffer.js';

/** How a program run ended. */
export type ProgramExit =
  /** It exited by itself (or by a signal someone else sent). */
  | { readonly kind: 'exited'; readonly code: number | null; readonly signal: NodeJS.Signals | null }
  /** It could not be started (e.g. ENOENT: no such program). */
  | { readonly kind: 'spawn-failed'; readonly message: string }
  /** It wrote more than its output cap and was killed. */
  | { readonly kind: 'output-cap'; readonly bytes: number }
  /** It was stopped from here (timeout, episode over). */
  | { readonly kind: 'stopped'; readonly reason: string };

/** What to start and under which limits. */
export interface ProgramOptions {
  /** The program and its arguments (no shell). */
  readonly argv: readonly string[];
  /** The whole environment of the program. */
  readonly env: NodeJS.ProcessEnv;
  /** Most bytes of stdout and stderr together before the program is killed. */
  readonly maxOutputBytes: number;
  /** Wall-clock ms between SIGTERM and SIGKILL when stopping it. */
  readonly killGraceMs: number;
  /** Bytes of stderr kept for error messages. @defaultValue 4096 */
  readonly tailBytes?: number;
  /** The working directory. @defaultValue the current one */
  readonly cwd?: string;
}

function track(pid: number, running: boolean): void {
  leftover({ kind: 'group', pid }, running);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone (ESRCH): nothing to stop.
  }
}

/** A started agent program. */
export class ProgramRun {
  /** Resolves once the program has ended and its process group has been told to stop. */
  readonly exit: Promise<ProgramExit>;
  private readonly child: ChildProcess;
  private readonly stderrTail: TailBuffer;
  private readonly stdoutTail: TailBuffer;
  private outputBytes = 0;
  private outcome: ProgramExit | null = null;
  private stopping: ProgramExit | null = null;
  private killTimer: NodeJS.Timeout | null = null;
  private settle!: (exit: ProgramExit) => void;

  constructor(private readonly options: ProgramOptions) {
    const [command, ...args] = options.argv;
    this.stderrTail = new TailBuffer(options.tailBytes ?? 4096);
    this.stdoutTail = new TailBuffer(options.tailBytes ?? 4096);
    this.exit = new Promise((resolve) => (this.settle = resolve));
    // Detached: its own process group, so stopping it stops whatever it started too.
    this.child = spawn(command as string, args, {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    });
    const pid = this.child.pid;
    if (pid !== undefined) track(pid, true);
    this.child.stdout?.on('data', (chunk: Buffer) => this.output(chunk, this.stdoutTail));
    this.child.stderr?.on('data', (chunk: Buffer) => this.output(chunk, this.stderrTail));
    this.child.on('error', (e: NodeJS.ErrnoException) => {
      // 'error' without a pid: the program never started.
      if (pid === undefined) this.finish({ kind: 'spawn-failed', message: e.message });
    });
    // Whatever the program left running in its group goes with it (and lets its pipes close).
    this.child.on('exit', () => {
      if (pid !== undefined) killGroup(pid, 'SIGKILL');
    });
    this.child.on('close', (code, signal) => {
      if (pid !== undefined) {
        killGroup(pid, 'SIGKILL');
        track(pid, false);
      }
      this.finish(this.stopping ?? { kind: 'exited', code, signal });
    });
  }

  /** The process id, when it started. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The ending, once it has ended. */
  get ended(): ProgramExit | null {
    return this.outcome;
  }

  /** The last bytes the program wrote to stderr. */
  get stderr(): string {
    return this.stderrTail.text();
  }

  /** The last bytes the program wrote to stdout. */
  get stdout(): string {
    return this.stdoutTail.text();
  }

  /**
   * Stops the program (its whole process group): SIGTERM now, SIGKILL after the grace period.
   * `exit` then resolves with `stopped` (or the output cap, when that is why).
   */
  stop(reason: string): Promise<ProgramExit> {
    this.terminate({ kind: 'stopped', reason });
    return this.exit;
  }

  private terminate(why: ProgramExit): void {
    const pid = this.child.pid;
    if (this.outcome || this.stopping || pid === undefined) return;
    this.stopping = why;
    killGroup(pid, 'SIGTERM');
    this.killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), this.options.killGraceMs);
  }

  private output(chunk: Buffer, tail: TailBuffer): void {
    this.outputBytes += chunk.length;
    tail.push(chunk);
    if (this.outputBytes > this.options.maxOutputBytes) this.terminate({ kind: 'output-cap', bytes: this.outputBytes });
  }

  private finish(exit: ProgramExit): void {
    if (this.outcome) return;
    this.outcome = exit;
    if (this.killTimer) clearTimeout(this.killTimer);
    this.settle(exit);
  }
}
