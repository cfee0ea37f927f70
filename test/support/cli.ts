/**
 * The CLI in process: `main(['node', 'faultline', ...args])` with stdout and stderr captured and
 * the exit code read from `process.exitCode` (restored afterwards). A spawn costs a process start
 * and a TypeScript load (about 1.6 s of CPU); a test of one behaviour spawns once and checks the
 * rest of its flags here, through the same code.
 */
import { main } from '../../src/cli/main.js';

/** What one in-process CLI invocation printed and the exit code it set (0 when it set none). */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `faultline ...args` in this process and returns its output and exit code. */
export async function cliInProcess(args: readonly string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  const previousCode = process.exitCode;
  const listeners = process.stdout.listeners('error');
  const capture =
    (into: string[]) =>
    (chunk: string | Uint8Array): boolean => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  process.exitCode = undefined;
  try {
    await main(['node', 'faultline', ...args]);
    const code = process.exitCode;
    return { code: typeof code === 'number' ? code : Number(code ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.exitCode = previousCode;
    // main adds an EPIPE listener to stdout on every call: drop it so calls do not pile up listeners.
    for (const l of process.stdout.listeners('error'))
      if (!listeners.includes(l)) process.stdout.off('error', l as (...a: unknown[]) => void);
  }
}
