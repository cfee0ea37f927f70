/**
 * The public API report: every subpath's exported names with their kind, read from the entry
 * files with the TypeScript compiler, rendered as markdown. `test/public/api-report.test.ts` compares
 * it with the committed `test/public/api-report.md`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The package root. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One exported name of an entry. */
export interface ApiExport {
  readonly name: string;
  /** `function`, `class`, `const`, `let`, `namespace`, `enum`, `interface` or `type` (joined with `+` when a name is both). */
  readonly kind: string;
  /** True for names that exist at run time (anything but interfaces and types). */
  readonly runtime: boolean;
}

/** The package's subpaths and their source entries, from package.json `exports`. */
export function subpaths(): Array<{ subpath: string; entry: string }> {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
    exports: Record<string, string | { source?: string }>;
  };
  return Object.entries(pkg.exports).flatMap(([key, target]) => {
    if (typeof target === 'string' || !target.source) return [];
    return [{ subpath: key === '.' ? 'faultline' : `faultline/${key.slice(2)}`, entry: target.source.slice(2) }];
  });
}

function kindsOf(symbol: ts.Symbol): string[] {
  const f = symbol.flags;
  const kinds: string[] = [];
  if (f & ts.SymbolFlags.Class) kinds.push('class');
  if (f & ts.SymbolFlags.Function) kinds.push('function');
  if (f & ts.SymbolFlags.Variable) {
    const decl = symbol.valueDeclaration;
    const isConst = decl !== undefined && (ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) !== 0;
    kinds.push(isConst ? 'const' : 'let');
  }
  if (f & ts.SymbolFlags.Enum) kinds.push('enum');
  if (f & ts.SymbolFlags.ValueModule) kinds.push('namespace');
  if (f & ts.SymbolFlags.Interface) kinds.push('interface');
  if (f & ts.SymbolFlags.TypeAlias) kinds.push('type');
  return kinds;
}

/** Every subpath's exports, sorted by name. */
export function apiExports(): Array<{ subpath: string; entry: string; exports: ApiExport[] }> {
  const entries = subpaths();
  const config = ts.getParsedCommandLineOfConfigFile(
    `${ROOT}tsconfig.json`,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`cannot read ${ROOT}tsconfig.json`);
  const program = ts.createProgram(
    entries.map((e) => `${ROOT}${e.entry}`),
    { ...config.options, noEmit: true },
  );
  const checker = program.getTypeChecker();
  return entries.map(({ subpath, entry }) => {
    const file = program.getSourceFile(`${ROOT}${entry}`);
    if (!file) throw new Error(`the entry ${entry} of ${subpath} (package.json exports) does not exist`);
    const module = checker.getSymbolAtLocation(file);
    if (!module) throw new Error(`${entry} is not a module`);
    const exports = checker
      .getExportsOfModule(module)
      .map((s) => {
        const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
        const kinds = kindsOf(target);
        return {
          name: s.name,
          kind: kinds.join('+') || 'unknown',
          runtime: kinds.some((k) => k !== 'interface' && k !== 'type'),
        };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { subpath, entry, exports };
  });
}

/** The report as markdown. */
export function apiReport(): string {
  const lines = [
    '# faultline public API',
    '',
    'Generated: `UPDATE_API_REPORT=1 npx vitest run test/public/api-report.test.ts`. A change of this file is a',
    'change of the public surface: make it on purpose, and review it like one.',
    '',
  ];
  for (const { subpath, entry, exports } of apiExports()) {
    const runtime = exports.filter((e) => e.runtime).length;
    lines.push(
      `## \`${subpath}\``,
      '',
      `${entry}: ${runtime} run-time names, ${exports.length - runtime} types only.`,
      '',
    );
    lines.push('| name | kind |', '|---|---|');
    for (const e of exports) lines.push(`| ${e.name} | ${e.kind} |`);
    lines.push('');
  }
  return lines.join('\n');
}
