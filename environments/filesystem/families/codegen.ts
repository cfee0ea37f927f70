/**
 * Seeded generation of plausible source files for the simulated code model: functions with
 * bodies that call other functions, modules whose import lists follow from where each callee
 * lives, test files, and identifier-safe renames.
 *
 * Modules are rendered from a `locate(name)` function rather than from fixed import lists, so
 * the same functions can be rendered before and after a refactoring (a rename, a split) and the
 * imports always match — which is how the oracle plan's rewritten files are produced.
 */
import type { Rng } from '../../../src/core/rng.js';
import { indexOfStanding, isAsciiWordCode, type Standing } from '../../../src/core/standing-index.js';
import { relativeSpecifier } from '../code.js';
import { lineCount } from '../state.js';
import { LOCALS, PARAMS, QUALIFIERS, camel } from '../names.js';

/** A generated function. */
export interface FnSpec {
  readonly name: string;
  readonly params: readonly string[];
  /** Body lines, without indentation. */
  readonly body: readonly string[];
  /** Module-level names the body calls, in order. */
  readonly calls: readonly string[];
}

/** Hands out function names that are unique across a project. */
export class NamePool {
  readonly used = new Set<string>();

  /** Marks a name as taken (returns false when it already was). */
  take(name: string): boolean {
    if (this.used.has(name)) return false;
    this.used.add(name);
    return true;
  }

  /** A fresh `verb + Noun + Qualifier` name. */
  fresh(rng: Rng, verb: string, noun: string): string {
    for (const q of rng.shuffle(QUALIFIERS)) {
      const name = camel(verb, noun, q);
      if (this.take(name)) return name;
    }
    for (let i = 2; ; i++) {
      const name = camel(verb, noun, `V${i}`);
      if (this.take(name)) return name;
    }
  }
}

const FILLERS: readonly ((v: string, p: string) => string)[] = [
  (v, p) => `const ${v} = String(${p}).trim();`,
  (v, p) => `const ${v} = Number(${p}) || 0;`,
  (v, p) => `const ${v} = [${p}].flat().filter(Boolean);`,
  (v, p) => `const ${v} = { ...${p} };`,
  (v, p) => `const ${v} = Math.max(0, Number(${p}));`,
  (v, p) => `const ${v} = JSON.stringify(${p});`,
  (v, p) => `const ${v} = Object.keys(${p} ?? {}).length;`,
];

const GUARDS: readonly string[] = ['null', '0', "''", '[]', 'undefined'];

/** A function named `name` whose body calls `calls` (module-level names) once each. */
export function makeFn(rng: Rng, name: string, calls: readonly string[]): FnSpec {
  const params = rng.sample(PARAMS, rng.int(1, 2));
  const locals = rng.shuffle(LOCALS);
  const body: string[] = [];
  const vars: string[] = [];
  const p0 = params[0] as string;
  if (rng.chance(0.35)) body.push(`if (!${p0}) return ${rng.pick(GUARDS)};`);
  for (const callee of calls) {
    const v = locals[vars.length] as string;
    body.push(`const ${v} = ${callee}(${rng.pick(params)});`);
    vars.push(v);
  }
  const fillers = rng.int(calls.length > 0 ? 0 : 1, 2);
  for (let i = 0; i < fillers; i++) {
    const v = locals[vars.length] as string;
    body.push(rng.pick(FILLERS)(v, rng.pick(params)));
    vars.push(v);
  }
  body.push(vars.length > 1 && rng.chance(0.5) ? `return { ${vars.join(', ')} };` : `return ${vars[vars.length - 1]};`);
  return { name, params, body, calls: [...calls] };
}

/** The lines of a function, exported or not. */
export function fnLines(fn: FnSpec, exported = true): string[] {
  return [
    `${exported ? 'export ' : ''}function ${fn.name}(${fn.params.join(', ')}) {`,
    ...fn.body.map((l) => `  ${l}`),
    '}',
  ];
}

/** A group of functions under a section comment (`// --- parsing ---`). */
export interface Section {
  readonly title: string | null;
  readonly fns: readonly FnSpec[];
}

/** What to render as one module. */
export interface ModuleRender {
  readonly path: string;
  /** The first line (the SPDX license comment). */
  readonly header: string;
  /** Comment lines after the header. */
  readonly banner?: readonly string[];
  readonly sections: readonly Section[];
  /**
   * Where a called name is defined: a project file path, or null for a name defined in this
   * module or a global. Imports are generated from this.
   */
  readonly locate: (name: string) => string | null;
}

/** Renders a module: header, banner, imports grouped by source file, then the functions. */
export function renderModule(m: ModuleRender): string {
  const bySource = new Map<string, Set<string>>();
  for (const s of m.sections) {
    for (const fn of s.fns) {
      for (const callee of fn.calls) {
        const where = m.locate(callee);
        if (where === null || where === m.path) continue;
        let names = bySource.get(where);
        if (!names) bySource.set(where, (names = new Set()));
        names.add(callee);
      }
    }
  }
  const lines: string[] = [m.header, ...(m.banner ?? [])];
  const imports = [...bySource.entries()].map(([path, names]) => ({
    spec: relativeSpecifier(m.path, path),
    names: [...names].sort(),
  }));
  imports.sort((a, b) => (a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0));
  if (imports.length > 0) {
    lines.push('');
    for (const i of imports) lines.push(`import { ${i.names.join(', ')} } from '${i.spec}';`);
  }
  for (const s of m.sections) {
    if (s.title !== null) lines.push('', `// --- ${s.title} ---`);
    for (const fn of s.fns) lines.push('', ...fnLines(fn));
  }
  return `${lines.join('\n')}\n`;
}

/** One import list of a test file: names and the project file they come from. */
export interface TestSubject {
  readonly from: string;
  readonly names: readonly string[];
}

const SAMPLES: readonly string[] = ['{}', '[]', "'sample'", '42', '{ id: 1 }', "['a', 'b']"];
const EXPECTATIONS: readonly string[] = ['toBeDefined()', 'not.toThrow', 'toMatchSnapshot()'];

/** Renders a vitest file with one `describe` block per subject name. */
export function renderTest(rng: Rng, path: string, header: string, subjects: readonly TestSubject[]): string {
  const lines = [header, "import { describe, expect, it } from 'vitest';"];
  const sorted = [...subjects].map((s) => ({ spec: relativeSpecifier(path, s.from), names: [...s.names].sort() }));
  sorted.sort((a, b) => (a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0));
  for (const s of sorted) lines.push(`import { ${s.names.join(', ')} } from '${s.spec}';`);
  for (const s of subjects) {
    for (const name of s.names) {
      const expectation = rng.pick(EXPECTATIONS);
      const call =
        expectation === 'not.toThrow'
          ? `expect(() => ${name}(${rng.pick(SAMPLES)})).not.toThrow();`
          : `expect(${name}(${rng.pick(SAMPLES)})).${expectation};`;
      lines.push(
        '',
        `describe('${name}', () => {`,
        `  it('${rng.pick(['handles a typical input', 'accepts an empty value', 'returns a result', 'is stable'])}', () => {`,
        `    ${call}`,
        '  });',
        '});',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Whether a character code continues an identifier as `[\\w$]` reads it: ASCII letters, digits, `_`, `$`. */
function isIdentifierCode(c: number): boolean {
  return isAsciiWordCode(c) || c === 36;
}

/** Whether the occurrence at `start`..`end` is not inside a longer identifier. */
const standsAsIdentifier: Standing = (text, start, end) =>
  (start === 0 || !isIdentifierCode(text.charCodeAt(start - 1))) &&
  (end === text.length || !isIdentifierCode(text.charCodeAt(end)));

/**
 * Where `name` first stands as a whole identifier in `text` (not inside a longer name, as
 * `(?<![\\w$])name(?![\\w$])` reads it) at or after `from`; -1 if nowhere. A scan, not a regular
 * expression: every task names new identifiers, and compiling a pattern for each cost more than
 * all the searching it did.
 */
export function indexOfIdentifier(text: string, name: string, from = 0): number {
  return indexOfStanding(text, name, from, standsAsIdentifier);
}

/** Whether `text` mentions `name` as a whole identifier (see {@link indexOfIdentifier}). */
export function mentionsIdentifier(text: string, name: string): boolean {
  return indexOfIdentifier(text, name) >= 0;
}

/** Replaces `name` where it is a whole identifier (see {@link indexOfIdentifier}) with `replacement`, taken literally. */
export function renameIdentifier(text: string, name: string, replacement: string): string {
  let out = '';
  let copied = 0;
  for (let i = indexOfIdentifier(text, name); i >= 0; i = indexOfIdentifier(text, name, copied)) {
    out += text.slice(copied, i) + replacement;
    copied = i + name.length;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A project file path for a module of an area: `src/billing/invoice.ts`. */
export function modulePath(areaDir: string, noun: string): string {
  return `src/${areaDir}/${noun}.ts`;
}

/** The test file mirroring a source file: `src/a/b.ts` → `test/a/b.test.ts`. */
export function testPathFor(sourcePath: string): string {
  return `test/${sourcePath.replace(/^src\//, '').replace(/\.ts$/, '.test.ts')}`;
}

/** Counts the lines of rendered text (a trailing newline does not start a line). */
export const linesOf = lineCount;
