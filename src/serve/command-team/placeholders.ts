/**
 * The placeholders of an agent program's command line: `{mcp_url}`, `{prompt_file}`, `{role}`,
 * `{episode_id}` and `{model_base_url}`, substituted inside each argument (after splitting, so a
 * value with spaces or quotes stays one argument).
 */
import { InvalidArgumentError } from '../../core/errors.js';

/** The names a command may use in braces. */
export const PLACEHOLDERS = ['mcp_url', 'prompt_file', 'role', 'episode_id', 'model_base_url'] as const;

/** One placeholder's name. */
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** The values of one program start (`model_base_url` only with the model proxy). */
export type PlaceholderValues = Readonly<Record<Placeholder, string | undefined>>;

const PATTERN = /\{([a-z_]+)\}/g;

/**
 * Checks that every `{name}` in `args` is a known placeholder, and that `{model_base_url}` is
 * used only when a model proxy runs. Throws `InvalidArgumentError` naming `field` otherwise.
 */
export function assertPlaceholders(args: readonly string[], field: string, withProxy: boolean): void {
  for (const arg of args)
    for (const [, name] of arg.matchAll(PATTERN)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(name as string))
        throw new InvalidArgumentError(
          field,
          `{${name}}`,
          `one of ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
          'fix the placeholder’s name',
        );
      if (name === 'model_base_url' && !withProxy)
        throw new InvalidArgumentError(
          field,
          '{model_base_url}',
          'a run with the model proxy',
          'add --model-proxy (or drop {model_base_url} from the command)',
        );
    }
}

/** `args` with each known `{name}` replaced by its value (an unknown or unset one is left as written). */
export function substitute(args: readonly string[], values: PlaceholderValues): string[] {
  return args.map((arg) => arg.replace(PATTERN, (whole, name: string) => values[name as Placeholder] ?? whole));
}
