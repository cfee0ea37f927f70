/**
 * The simulated linter. Its configuration is a file in the world (`.lintrc.json`), so a team can
 * read it, and a broken config is reported like any lint problem instead of crashing.
 *
 * Rules: `max-lines` (from the config), `no-console`, `no-todo`, `no-debugger`,
 * `no-unused-imports` and `spdx-header` (the first line is an SPDX license comment).
 */
import type { FsDir, FsFile, FsState } from './state.js';
import { eachFile, getFile } from './state.js';
import { parseFile } from './code.js';
import { DIR_MEMOS, FILE_MEMOS, MODULE_MEMOS } from './memos.js';

/** Where the linter reads its configuration. */
export const LINT_CONFIG_PATH = '.lintrc.json';

/** The names of the lint rules. */
export const LINT_RULES = [
  'max-lines',
  'no-console',
  'no-todo',
  'no-debugger',
  'no-unused-imports',
  'spdx-header',
] as const;

/** One lint rule name. */
export type LintRule = (typeof LINT_RULES)[number];

/** The parsed configuration. */
export interface LintConfig {
  /** Most lines a file may have under `max-lines`. */
  readonly maxLines: number;
  /** Rules switched on. */
  readonly rules: readonly LintRule[];
  /** Path prefixes the linter skips (directories end with `/`). */
  readonly ignore: readonly string[];
}

/** The configuration used when the project has no `.lintrc.json`. */
export const DEFAULT_LINT_CONFIG: LintConfig = { maxLines: 400, rules: [...LINT_RULES], ignore: [] };

/** One problem the linter found. `rule` is `config` for a broken configuration file. */
export interface LintProblem {
  readonly file: string;
  readonly line: number;
  readonly rule: LintRule | 'config';
  readonly message: string;
}

/** The linter's report on a state. */
export interface LintReport {
  readonly ok: boolean;
  /** Files linted, sorted. */
  readonly files: readonly string[];
  readonly problems: readonly LintProblem[];
  readonly config: LintConfig;
}

/** A configuration file in the form the generators write. */
export function renderLintConfig(config: LintConfig): string {
  const rules: Record<string, string> = {};
  for (const r of LINT_RULES) rules[r] = config.rules.includes(r) ? 'error' : 'off';
  return `${JSON.stringify({ maxLines: config.maxLines, rules, ignore: config.ignore }, null, 2)}\n`;
}

const configCache = FILE_MEMOS.slot<LintConfig | LintProblem>();

/** Reads the configuration from the world: the config, or the problem that makes it unusable. */
export function readLintConfig(state: FsState): LintConfig | LintProblem {
  const file = getFile(state, LINT_CONFIG_PATH);
  if (!file) return DEFAULT_LINT_CONFIG;
  let parsed = configCache.get(file);
  if (!parsed) {
    parsed = parseConfig(file.content);
    configCache.set(file, parsed);
  }
  return parsed;
}

function parseConfig(text: string): LintConfig | LintProblem {
  const problem = (message: string): LintProblem => ({ file: LINT_CONFIG_PATH, line: 1, rule: 'config', message });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return problem(`${LINT_CONFIG_PATH} is not valid JSON (${(e as Error).message}); fix or restore it`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return problem(`${LINT_CONFIG_PATH} must hold a JSON object`);
  const obj = raw as Record<string, unknown>;
  const maxLines = obj['maxLines'] ?? DEFAULT_LINT_CONFIG.maxLines;
  if (typeof maxLines !== 'number' || !Number.isInteger(maxLines) || maxLines < 1)
    return problem(`"maxLines" must be a whole number >= 1, got ${JSON.stringify(maxLines)}`);
  const ruleObj = obj['rules'] ?? {};
  if (ruleObj === null || typeof ruleObj !== 'object' || Array.isArray(ruleObj))
    return problem('"rules" must be an object like {"no-console": "error"}');
  const rules: LintRule[] = [];
  for (const r of LINT_RULES) {
    const setting = (ruleObj as Record<string, unknown>)[r] ?? 'error';
    if (setting !== 'error' && setting !== 'off')
      return problem(`rule "${r}" must be "error" or "off", got ${JSON.stringify(setting)}`);
    if (setting === 'error') rules.push(r);
  }
  const ignore = obj['ignore'] ?? [];
  if (!Array.isArray(ignore) || !ignore.every((p) => typeof p === 'string'))
    return problem('"ignore" must be an array of path prefixes like ["vendor/"]');
  return { maxLines, rules, ignore };
}

const reports = DIR_MEMOS.slot<LintReport>();

/** Lints every `.ts` file not ignored by the config (memoized per state root). */
export function lintProject(state: FsState): LintReport {
  let report = reports.get(state.root);
  if (!report) {
    report = buildReport(state);
    reports.set(state.root, report);
  }
  return report;
}

const SPDX_RE = /^\/\/ SPDX-License-Identifier: \S+/;

interface FileLint {
  readonly path: string;
  readonly config: LintConfig;
  readonly problems: readonly LintProblem[];
}

// Keyed by file object: after a write only the written file is linted again.
const fileCache = FILE_MEMOS.slot<FileLint>();
/**
 * Keyed by parsed module, which files of the same recent text share (see `parseFile`): a write
 * makes a new file object, but the trials of a task write the same texts to the same paths, and
 * linting a written file was a tenth of a filesystem step.
 */
const moduleCache = MODULE_MEMOS.slot<FileLint>();

function lintFile(path: string, file: FsFile, config: LintConfig): readonly LintProblem[] {
  const cached = fileCache.get(file);
  if (cached && cached.path === path && cached.config === config) return cached.problems;
  const mod = parseFile(file);
  const seen = moduleCache.get(mod);
  if (seen && seen.path === path && seen.config === config) {
    fileCache.set(file, seen);
    return seen.problems;
  }
  const on = new Set(config.rules);
  const problems: LintProblem[] = [];
  const add = (line: number, rule: LintRule, message: string) => problems.push({ file: path, line, rule, message });
  if (on.has('spdx-header') && !SPDX_RE.test(mod.firstLine))
    add(1, 'spdx-header', 'the first line must be a license header like "// SPDX-License-Identifier: MIT"');
  if (on.has('max-lines') && mod.lines > config.maxLines)
    add(mod.lines, 'max-lines', `${mod.lines} lines; the limit is ${config.maxLines} — split the file`);
  if (on.has('no-console')) for (const l of mod.consoleLines) add(l, 'no-console', 'remove the console call');
  if (on.has('no-todo')) for (const l of mod.todoLines) add(l, 'no-todo', 'resolve or remove the TODO/FIXME');
  if (on.has('no-debugger')) for (const l of mod.debuggerLines) add(l, 'no-debugger', 'remove the debugger statement');
  if (on.has('no-unused-imports')) {
    for (const decl of mod.imports) {
      for (const b of decl.names) {
        if (!mod.uses(b.local))
          add(decl.line, 'no-unused-imports', `'${b.local}' is imported from '${decl.from}' but never used`);
      }
    }
  }
  const lint: FileLint = { path, config, problems };
  fileCache.set(file, lint);
  moduleCache.set(mod, lint);
  return problems;
}

function buildReport(state: FsState): LintReport {
  const config = readLintConfig(state);
  if ('rule' in config) return { ok: false, files: [], problems: [config], config: DEFAULT_LINT_CONFIG };
  const files: string[] = [];
  const problems: LintProblem[] = [];
  eachFile(state.root, '', (path, file) => {
    if (!path.endsWith('.ts') || config.ignore.some((p) => path.startsWith(p))) return;
    files.push(path);
    problems.push(...lintFile(path, file, config));
  });
  files.sort();
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { ok: problems.length === 0, files, problems, config };
}

/** Problems under a directory for one config, memoized per directory object: a write redoes one path. */
const countCache = DIR_MEMOS.slot<{ prefix: string; config: LintConfig; count: number }>();

function problemCount(dir: FsDir, prefix: string, config: LintConfig): number {
  const cached = countCache.get(dir);
  if (cached && cached.prefix === prefix && cached.config === config) return cached.count;
  let count = 0;
  for (const name in dir.files) {
    const path = prefix === '' ? name : `${prefix}/${name}`;
    if (!path.endsWith('.ts') || config.ignore.some((p) => path.startsWith(p))) continue;
    count += lintFile(path, dir.files[name] as FsFile, config).length;
  }
  for (const name in dir.dirs)
    count += problemCount(dir.dirs[name] as FsDir, prefix === '' ? name : `${prefix}/${name}`, config);
  countCache.set(dir, { prefix, config, count });
  return count;
}

/**
 * Whether the linter finds no problem: exactly `lintProject(state).ok`, from counts memoized per
 * directory, so after a write only the directories on the written path are looked at again.
 */
export function lintOk(state: FsState): boolean {
  const config = readLintConfig(state);
  return !('rule' in config) && problemCount(state.root, '', config) === 0;
}
