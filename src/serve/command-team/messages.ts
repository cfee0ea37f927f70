/**
 * What an episode's error says when its agent program failed it: which program, what happened,
 * and the tail of what it wrote to stderr (the first thing its author needs).
 */
import type { ProgramExit } from './program.js';

/** How a program is named in messages: its role, if it plays one, and its command. */
export function programName(role: string | null, argv: readonly string[]): string {
  const command = argv.join(' ');
  const shown = command.length > 200 ? `${command.slice(0, 200)}…` : command;
  return `agent program${role === null ? '' : ` of role "${role}"`} (${shown})`;
}

/** The stderr tail as a message ends with it. */
export function tailText(stderr: string): string {
  return `stderr tail: ${stderr === '' ? '(empty)' : stderr}`;
}

/** Why a program's ending, before its episode ended, fails the episode. */
export function exitMessage(name: string, exit: ProgramExit, stderr: string): string {
  switch (exit.kind) {
    case 'spawn-failed':
      return `could not start ${name}: ${exit.message}. Check that the program exists and is executable (the command runs without a shell, so name the program itself, e.g. node agent.mjs)`;
    case 'output-cap':
      return `${name} wrote more than its output limit (${exit.bytes} bytes to stdout and stderr) and was killed; raise --team-cmd-max-output if that much output is expected; ${tailText(stderr)}`;
    case 'stopped':
      return `${name} was stopped (${exit.reason}); ${tailText(stderr)}`;
    case 'exited':
      return `${name} exited ${exit.code !== null ? `with code ${exit.code}` : `on signal ${exit.signal ?? 'unknown'}`} before finishing the episode; ${tailText(stderr)}`;
  }
}
