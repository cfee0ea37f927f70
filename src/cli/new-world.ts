/**
 * `faultline new world NAME [--dir DIR]`: writes a small, complete world folder (state, three
 * tools, one checker, one task family with a plan, an index that registers it) from the template
 * in `templates/world/`, written only against the public entry `faultline/authoring`. The output
 * passes `faultline check` and runs the oracle with `--import` as it is.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { InvalidArgumentError } from '../core/errors.js';
import { packageFile } from '../core/package-file.js';
import { listEnvs } from '../core/registry.js';
import { ensureRunDir } from '../run/run-dir.js';

/** The placeholders of the template: the world id, and the same in PascalCase for type names. */
const WORLD_ID_TOKEN = /__world__/g;
const WORLD_TYPE_TOKEN = /__World__/g;

/** A world name: lower-case words joined by single hyphens, e.g. `inventory` or `ticket-desk`. */
const WORLD_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 40;

/** Options of {@link scaffoldWorld}. */
export interface ScaffoldOptions {
  /** The world id: lower-case words joined by hyphens (`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`). */
  readonly name: string;
  /** The folder to write; must not exist or be empty. @defaultValue `./NAME` */
  readonly dir?: string;
  /** Names that are taken (the worlds already registered). @defaultValue [] */
  readonly taken?: readonly string[];
}

/** What {@link scaffoldWorld} wrote. */
export interface ScaffoldResult {
  /** The absolute path of the world folder. */
  readonly dir: string;
  /** The files written, relative to `dir`, sorted. */
  readonly files: readonly string[];
  /** The env id the world's index registers. */
  readonly envId: string;
}

/** The template's files by the name they are written under, with their text (placeholders not filled in). */
export function templateFiles(): ReadonlyMap<string, string> {
  const root = templateRoot();
  const files = new Map<string, string>();
  for (const name of readdirSync(root).sort()) {
    const path = join(root, name);
    if (statSync(path).isFile()) files.set(outputName(name), readFileSync(path, 'utf8'));
  }
  return files;
}

/**
 * The name a template file is written under. The template's `package.json` is stored as
 * `_package.json`: a real one would make the template folder a package of its own, and the
 * template could no longer import `faultline/authoring` through the repository's self-reference
 * (so it would not type-check and lint with the rest of the code).
 */
function outputName(templateName: string): string {
  return templateName === '_package.json' ? 'package.json' : templateName;
}

/** Fills the template's placeholders for world `name` (assumed valid). */
export function renderTemplate(text: string, name: string): string {
  return text.replace(WORLD_ID_TOKEN, name).replace(WORLD_TYPE_TOKEN, pascalCase(name));
}

/** `ticket-desk` → `TicketDesk`. */
export function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Checks a world name, throwing an {@link InvalidArgumentError} that says what is allowed. */
export function validateWorldName(name: string, taken: readonly string[] = []): void {
  if (typeof name !== 'string' || !WORLD_NAME.test(name) || name.length > MAX_NAME_LENGTH)
    throw new InvalidArgumentError(
      'new world NAME',
      name,
      `lower-case letters and digits, words joined by single hyphens, starting with a letter, at most ${MAX_NAME_LENGTH} characters (${WORLD_NAME.source})`,
      'pass a name such as "inventory" or "ticket-desk"',
    );
  if (taken.includes(name))
    throw new InvalidArgumentError(
      'new world NAME',
      name,
      `a world id that is not registered yet (taken: ${taken.join(', ')})`,
      'choose another name',
    );
}

/**
 * Writes the world folder for `name`. Refuses an invalid or taken name and an existing folder
 * that is not empty (nothing is overwritten).
 */
export function scaffoldWorld(options: ScaffoldOptions): ScaffoldResult {
  const { name } = options;
  validateWorldName(name, options.taken ?? []);
  const dir = resolve(options.dir ?? name);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory())
      throw new InvalidArgumentError('--dir', dir, 'a folder to create, or an empty folder', 'pass another --dir');
    const present = readdirSync(dir);
    if (present.length > 0)
      throw new InvalidArgumentError(
        '--dir',
        dir,
        `a folder that does not exist or is empty (it holds ${present.length} entries, e.g. ${present.slice(0, 3).join(', ')})`,
        'pass another --dir, or empty the folder first; nothing was written',
      );
  }
  ensureRunDir(dir, '--dir');
  const files: string[] = [];
  for (const [file, text] of templateFiles()) {
    writeFileSync(join(dir, file), renderTemplate(text, name));
    files.push(file);
  }
  return { dir, files: files.sort(), envId: `${name}/tag-records-v1` };
}

/** The template folder: `templates/world/` at the package root, from sources or from `dist/`. */
function templateRoot(): string {
  const index = packageFile(import.meta.url, 'templates/world/index.ts');
  if (index !== null) return dirname(index);
  const here = fileURLToPath(new URL('.', import.meta.url));
  throw new Error(`the world template is missing: no templates/world/index.ts above ${here}; reinstall faultline`);
}

/** Adds `faultline new world NAME [--dir DIR]` to the program. */
export function registerNewCommand(program: Command): void {
  const create = program.command('new').description('Create something new from a template.');
  create
    .command('world')
    .description(
      'Write a small, complete world folder (state, tools, a checker, a task family with a plan, an index that registers it) written against faultline/authoring.',
    )
    .argument('<name>', 'the world id: lower-case words joined by hyphens, e.g. inventory')
    .option('--dir <dir>', 'the folder to write (must not exist or be empty)', undefined)
    .action((name: string, opts: { dir?: string }) => {
      const taken = [...new Set(listEnvs().map((s) => s.world))].sort();
      const result = scaffoldWorld({ name, taken, ...(opts.dir ? { dir: opts.dir } : {}) });
      const shown = relative(process.cwd(), result.dir) || '.';
      const index = join(shown, 'index.ts');
      process.stdout.write(
        [
          `Wrote the ${name} world to ${result.dir}: ${result.files.join(', ')}`,
          '',
          'Next:',
          `  faultline check ${result.envId} --import ${index}`,
          `  faultline run --env ${result.envId} --team oracle --seeds 0-9 --perturb production --import ${index}`,
          '',
          'The guide: docs/adding-a-world.md',
          '',
        ].join('\n'),
      );
    });
}
