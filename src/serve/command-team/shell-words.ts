/**
 * Splitting a command line into arguments the way a POSIX shell splits words — and nothing
 * more: no variables, globs, pipes or redirections. The program is then spawned without a shell,
 * so what an episode substitutes into an argument can never become a second command.
 */
import { InvalidArgumentError } from '../../core/errors.js';

/**
 * The words of `command`: split on unquoted whitespace; `'…'` keeps everything literally, `"…"`
 * keeps everything but `\"` and `\\`, and a backslash outside quotes escapes the next character.
 * Throws `InvalidArgumentError` (naming `field`) for an unclosed quote, a trailing backslash or
 * an empty command.
 */
export function shellWords(command: string, field = 'command'): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word = (word ?? '') + c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (command[i + 1] === '"' || command[i + 1] === '\\')) word = (word ?? '') + command[++i];
      else word = (word ?? '') + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\') {
      if (i + 1 >= command.length)
        throw new InvalidArgumentError(field, command, 'a command without a trailing backslash', 'remove the last \\');
      word = (word ?? '') + command[++i];
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? '') + c;
  }
  if (quote !== null)
    throw new InvalidArgumentError(field, command, `a command whose ${quote} quotes are closed`, `close the ${quote}`);
  if (word !== null) words.push(word);
  if (words.length === 0)
    throw new InvalidArgumentError(
      field,
      command,
      'a program and its arguments',
      'pass e.g. "node agent.mjs --mcp {mcp_url} --prompt {prompt_file}"',
    );
  return words;
}
