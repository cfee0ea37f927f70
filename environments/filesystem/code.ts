/**
 * A tiny simulated code model over file contents: enough of TypeScript's surface (imports,
 * re-exports, function and const declarations, call sites) for the simulated test runner, the
 * linter and the checkers to judge a refactoring, without a real parser.
 *
 * Parsing is line-based and memoized per {@link FsFile} object: the state is immutable and a
 * write replaces only the written file object, so after a write only that file is parsed again.
 */
import type { FsFile } from './state.js';
import { dirname, lineCount } from './state.js';
import { FILE_MEMOS } from './memos.js';

/** One name in an import or re-export list: `imported as local`. */
export interface NameBinding {
  /** The name in the module it comes from. */
  readonly imported: string;
  /** The name in this module (imports) or the name exported under (re-exports). */
  readonly local: string;
}

/** `import { … } from '…'` or `export { … } from '…'`. */
export interface ImportDecl {
  readonly from: string;
  readonly names: readonly NameBinding[];
  /** 1-based line number. */
  readonly line: number;
}

/** A function or const defined at the top level of a module. */
export interface Definition {
  readonly name: string;
  readonly line: number;
  readonly exported: boolean;
}

/** A call `name(` (method calls `x.name(` are not calls of a module-level name). */
export interface CallSite {
  readonly name: string;
  readonly line: number;
}

/** What the code model knows about one file. */
export interface ParsedModule {
  readonly lines: number;
  /** The first line, where the SPDX header lives. */
  readonly firstLine: string;
  readonly imports: readonly ImportDecl[];
  readonly reexports: readonly ImportDecl[];
  readonly definitions: readonly Definition[];
  /** Names exported with a local `export { a, b };` list. */
  readonly localExports: readonly CallSite[];
  readonly calls: readonly CallSite[];
  /** Whether `name` is used as an identifier in code (outside imports, comments, strings and declaration names). */
  uses(name: string): boolean;
  /** Lines with a TODO or FIXME marker. */
  readonly todoLines: readonly number[];
  /** Lines with a `console.*(` call. */
  readonly consoleLines: readonly number[];
  /** Lines with a `debugger` statement. */
  readonly debuggerLines: readonly number[];
}

/** Words that look like calls (`if (`) but are not. */
const KEYWORDS = new Set([
  'if',
  'for',
  'while',
  'switch',
  'catch',
  'return',
  'function',
  'typeof',
  'await',
  'async',
  'new',
  'do',
  'else',
  'case',
  'throw',
  'in',
  'of',
  'instanceof',
  'void',
  'delete',
  'yield',
  'const',
  'let',
  'var',
  'export',
  'import',
  'from',
  'as',
  'super',
  'this',
  'true',
  'false',
  'null',
  'undefined',
]);

/** Names every module may call without defining or importing them. */
export const GLOBALS: ReadonlySet<string> = new Set([
  'String',
  'Number',
  'Boolean',
  'Array',
  'Object',
  'Math',
  'JSON',
  'Map',
  'Set',
  'Error',
  'TypeError',
  'RangeError',
  'Date',
  'Promise',
  'RegExp',
  'Symbol',
  'BigInt',
  'parseInt',
  'parseFloat',
  'isNaN',
  'isFinite',
  'structuredClone',
  'encodeURIComponent',
  'decodeURIComponent',
]);

const IDENT = '[A-Za-z_$][\\w$]*';
const IMPORT_RE = new RegExp(`^import\\s*(?:type\\s*)?\\{([^}]*)\\}\\s*from\\s*['"]([^'"]+)['"]\\s*;?\\s*$`);
const LIST_START_RE = /^(?:import|export)\s*(?:type\s*)?\{/;
const IMPORT_ALL_RE = new RegExp(
  `^import\\s+(?:\\*\\s*as\\s+(${IDENT})|(${IDENT}))\\s+from\\s*['"]([^'"]+)['"]\\s*;?\\s*$`,
);
const REEXPORT_RE = new RegExp(`^export\\s*\\{([^}]*)\\}\\s*from\\s*['"]([^'"]+)['"]\\s*;?\\s*$`);
const LOCAL_EXPORT_RE = /^export\s*\{([^}]*)\}\s*;?\s*$/;
const DECL_RE = new RegExp(
  `^(export\\s+(?:default\\s+)?)?(?:(?:async\\s+)?function\\s*\\*?|class|const|let|var)\\s+(${IDENT})`,
);
/** `name(params) {` or `name(params): Type;` alone on a line: a method or an interface member, not a call. */
const MEMBER_RE = new RegExp(
  `^(?:(?:public|private|protected|static|async|get|set|readonly)\\s+)*${IDENT}\\s*\\([^()]*\\)\\s*(?:\\{|:[^;{=]+[;{])$`,
);
const BINDING_RE = new RegExp(`^(${IDENT})(?:\\s+as\\s+(${IDENT}))?$`);
const STRING_RE = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\\n]|\\.)*`/g;

const cache = FILE_MEMOS.slot<ParsedModule>();

/**
 * Modules parsed lately, by text, oldest first. A write makes a new file object, but the text it
 * writes was often parsed before: the trials of a task write the same files, and a role writes a
 * file back as it was. A lookup costs a hash of the text; a parse, a few regular expressions per
 * line (a tenth of a step of filesystem/split-module-v1). Parsing is a function of the text alone,
 * and a parsed module is never changed, so the same one serves every file of that text.
 */
const byText = new Map<string, ParsedModule>();
/** Texts {@link byText} keeps; longer texts are not kept (at most 256 × 64 K characters). */
const KEEP_PARSED = 256;
const MAX_KEPT_CHARS = 65_536;

/** Parses a file (memoized on the file object, and on its text for recent texts). */
export function parseFile(file: FsFile): ParsedModule {
  let parsed = cache.get(file);
  if (!parsed) {
    parsed = parsedText(file.content);
    cache.set(file, parsed);
  }
  return parsed;
}

/** The module of `text`: the one parsed before when the text is among {@link byText}'s. */
function parsedText(text: string): ParsedModule {
  if (text.length > MAX_KEPT_CHARS) return parseSource(text);
  let parsed = byText.get(text);
  if (parsed === undefined) {
    parsed = parseSource(text);
    if (byText.size >= KEEP_PARSED) byText.delete(byText.keys().next().value as string);
    byText.set(text, parsed);
  }
  return parsed;
}

/** Parses source text. Prefer {@link parseFile}, which caches. */
export function parseSource(text: string): ParsedModule {
  const imports: ImportDecl[] = [];
  const reexports: ImportDecl[] = [];
  const definitions: Definition[] = [];
  const localExports: CallSite[] = [];
  const calls: CallSite[] = [];
  const codeLines: string[] = [];
  const todoLines: number[] = [];
  const consoleLines: number[] = [];
  const debuggerLines: number[] = [];
  const rawLines = text.split('\n');
  let inBlockComment = false;
  // Cheap `includes`/`startsWith` tests guard every regex: parsing runs on each reset for every
  // file of the project, so it has to stay at a few microseconds per file.
  for (let i = 0; i < rawLines.length; i++) {
    const raw = rawLines[i] as string;
    const line = i + 1;
    if ((raw.includes('TODO') || raw.includes('FIXME')) && /\b(TODO|FIXME)\b/.test(raw)) todoLines.push(line);
    let code = raw.trim();
    if (inBlockComment) {
      const end = code.indexOf('*/');
      if (end < 0) continue;
      inBlockComment = false;
      code = code.slice(end + 2).trim();
    }
    if (code === '' || code.startsWith('//')) continue;
    // A multi-line `import {` / `export {` list: read on to the closing brace.
    if ((code.startsWith('import') || code.startsWith('export')) && !code.includes('}') && LIST_START_RE.test(code)) {
      while (i + 1 < rawLines.length && !code.includes('}')) code += ` ${(rawLines[++i] as string).trim()}`;
    }
    let m: RegExpExecArray | null;
    if (code.startsWith('import') && (m = IMPORT_RE.exec(code))) {
      imports.push({ from: m[2] as string, names: bindings(m[1] as string), line });
      continue;
    }
    if (code.startsWith('import') && (m = IMPORT_ALL_RE.exec(code))) {
      // `import * as ns` and default imports bind a name without naming an export to check.
      imports.push({
        from: m[3] as string,
        names: [{ imported: m[1] ? '*' : 'default', local: (m[1] ?? m[2]) as string }],
        line,
      });
      continue;
    }
    if (code.startsWith('export') && code.includes('from') && (m = REEXPORT_RE.exec(code))) {
      reexports.push({ from: m[2] as string, names: bindings(m[1] as string), line });
      continue;
    }
    if (code.includes("'") || code.includes('"') || code.includes('`')) code = code.replace(STRING_RE, "''");
    if (code.includes('/')) code = stripComments(code, (open) => (inBlockComment = open));
    if (code === '') continue;
    if (code.startsWith('export') && (m = LOCAL_EXPORT_RE.exec(code))) {
      for (const b of bindings(m[1] as string)) localExports.push({ name: b.imported, line });
      continue;
    }
    // Only unindented declarations are module-level; indented ones are locals of a function.
    const topLevel = raw[0] !== ' ' && raw[0] !== '\t';
    m = topLevel ? DECL_RE.exec(code) : null;
    if (m) {
      definitions.push({ name: m[2] as string, line, exported: m[1] !== undefined });
      // The declared name is not a use of itself; scan only what follows it.
      code = code.slice(m[0].length);
    } else if (!topLevel && (code.endsWith('{') || code.endsWith(';')) && MEMBER_RE.test(code)) {
      code = code.slice(code.indexOf('('));
    }
    codeLines.push(code);
    if (code.includes('console.') && /\bconsole\.[A-Za-z]+\s*\(/.test(code)) consoleLines.push(line);
    if (code.includes('debugger') && /\bdebugger\b/.test(code)) debuggerLines.push(line);
    scanCalls(code, line, calls);
  }
  let body: string | null = null;
  return {
    lines: lineCount(text),
    firstLine: rawLines[0] ?? '',
    imports,
    reexports,
    definitions,
    localExports,
    calls,
    // Only the unused-imports lint rule asks, for a few names per file: search, don't index.
    uses(name: string): boolean {
      body ??= codeLines.join('\n');
      return mentionsIdentifier(body, name, true);
    },
    todoLines,
    consoleLines,
    debuggerLines,
  };
}

/**
 * Appends the calls on one line of code: an identifier followed (maybe after spaces) by `(`,
 * not preceded by `.` (a method) or by another identifier character. A hand-rolled scan: the
 * equivalent regular expression needs a look-behind and dominated parsing time.
 */
function scanCalls(code: string, line: number, out: CallSite[]): void {
  for (let paren = code.indexOf('('); paren >= 0; paren = code.indexOf('(', paren + 1)) {
    let j = paren - 1;
    while (j >= 0 && (code.charCodeAt(j) === 32 || code.charCodeAt(j) === 9)) j--;
    const end = j + 1;
    while (j >= 0 && isIdentChar(code.charCodeAt(j))) j--;
    const start = j + 1;
    if (start === end) continue;
    const first = code.charCodeAt(start);
    if (first >= 48 && first <= 57) continue;
    if (j >= 0 && code.charCodeAt(j) === 46) continue;
    const name = code.slice(start, end);
    if (!KEYWORDS.has(name)) out.push({ name, line });
  }
}

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** Removes `// …` and `/* … *\/` comments from one line (strings already blanked). */
function stripComments(code: string, setBlock: (open: boolean) => void): string {
  let out = code;
  for (;;) {
    const start = out.indexOf('/*');
    if (start < 0) break;
    const end = out.indexOf('*/', start + 2);
    if (end < 0) {
      setBlock(true);
      out = out.slice(0, start);
      break;
    }
    out = out.slice(0, start) + ' ' + out.slice(end + 2);
  }
  const line = out.indexOf('//');
  return (line >= 0 ? out.slice(0, line) : out).trim();
}

function bindings(list: string): NameBinding[] {
  const out: NameBinding[] = [];
  for (const part of list.split(',')) {
    const m = BINDING_RE.exec(part.trim());
    if (m) out.push({ imported: m[1] as string, local: m[2] ?? (m[1] as string) });
  }
  return out;
}

/** True for module specifiers resolved inside the project (`./x.js`, `../y.js`). */
export function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

/**
 * The candidate file paths a relative specifier may mean, most likely first, or null when the
 * specifier climbs above the project root. `./x.js` means `x.ts` (NodeNext style) or `x.js`.
 */
export function candidatePaths(fromFile: string, specifier: string): string[] | null {
  const segments = dirname(fromFile) === '' ? [] : dirname(fromFile).split('/');
  for (const part of specifier.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0) return null;
      segments.pop();
    } else segments.push(part);
  }
  const target = segments.join('/');
  if (target.endsWith('.js')) return [`${target.slice(0, -3)}.ts`, target];
  if (target.endsWith('.ts')) return [target];
  return [`${target}.ts`, `${target}/index.ts`];
}

/** The relative specifier a file uses to import another (`src/a/b.ts` → `../c/d.js`). */
export function relativeSpecifier(fromFile: string, toFile: string): string {
  const from = dirname(fromFile) === '' ? [] : dirname(fromFile).split('/');
  const to = toFile.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const ups = from.length - common;
  const rest = to.slice(common).join('/').replace(/\.ts$/, '.js');
  return ups === 0 ? `./${rest}` : `${'../'.repeat(ups)}${rest}`;
}

/**
 * True when `text` mentions `name` as a whole identifier. With `notProperty`, a mention right
 * after a `.` (a property access such as `x.name`) does not count.
 */
export function mentionsIdentifier(text: string, name: string, notProperty = false): boolean {
  let from = 0;
  for (;;) {
    const i = text.indexOf(name, from);
    if (i < 0) return false;
    const before = i === 0 ? '' : (text[i - 1] as string);
    const after = text[i + name.length] ?? '';
    if (!/[\w$]/.test(before) && !/[\w$]/.test(after) && !(notProperty && before === '.')) return true;
    from = i + 1;
  }
}
