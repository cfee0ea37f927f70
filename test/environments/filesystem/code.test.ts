import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  candidatePaths,
  mentionsIdentifier,
  parseFile,
  parseSource,
  relativeSpecifier,
} from '../../../environments/filesystem/code.js';

const SOURCE = `// SPDX-License-Identifier: MIT
import { alpha, beta as b } from './alpha.js';
export { gamma, delta as d } from '../gamma.js';

/* a block comment mentioning fake( calls
   that spans lines notReal( */
export function first(input, options) {
  const x = alpha(input); // trailing comment with ignored(
  const s = 'string with call(';
  return b(x) + helper(s) + input.method(1);
}

function helper(value) {
  if (value) return String(value);
  console.log(value);
  debugger;
  return value;
}

export const LIMIT = 10;
export { helper };
// TODO: remove later
`;

describe('parseSource', () => {
  const m = parseSource(SOURCE);

  it('reads imports and re-exports with aliases', () => {
    expect(m.imports).toEqual([
      {
        from: './alpha.js',
        names: [
          { imported: 'alpha', local: 'alpha' },
          { imported: 'beta', local: 'b' },
        ],
        line: 2,
      },
    ]);
    expect(m.reexports).toEqual([
      {
        from: '../gamma.js',
        names: [
          { imported: 'gamma', local: 'gamma' },
          { imported: 'delta', local: 'd' },
        ],
        line: 3,
      },
    ]);
  });

  it('reads top-level definitions only', () => {
    expect(m.definitions).toEqual([
      { name: 'first', line: 7, exported: true },
      { name: 'helper', line: 13, exported: false },
      { name: 'LIMIT', line: 20, exported: true },
    ]);
    expect(m.localExports).toEqual([{ name: 'helper', line: 21 }]);
  });

  it('finds calls but not method calls, keywords, strings, comments or declarations', () => {
    const names = m.calls.map((c) => c.name);
    expect(names).toEqual(['alpha', 'b', 'helper', 'String']);
    expect(names).not.toContain('first');
    expect(names).not.toContain('fake');
    expect(names).not.toContain('ignored');
    expect(names).not.toContain('call');
  });

  it('flags lint-relevant lines and counts lines', () => {
    expect(m.consoleLines).toEqual([15]);
    expect(m.debuggerLines).toEqual([16]);
    expect(m.todoLines).toEqual([22]);
    expect(m.lines).toBe(22);
    expect(m.firstLine).toBe('// SPDX-License-Identifier: MIT');
  });

  it('knows which names are used in code', () => {
    expect(m.uses('alpha')).toBe(true);
    expect(m.uses('b')).toBe(true);
    expect(m.uses('method')).toBe(false);
    expect(m.uses('unusedThing')).toBe(false);
  });

  it('memoizes per file object, and per text for a text parsed lately', () => {
    const file = { content: SOURCE };
    expect(parseFile(file)).toBe(parseFile(file));
    // A write of the same text makes a new file object: its module is the one parsed before.
    expect(parseFile({ content: SOURCE })).toBe(parseFile(file));
    expect(parseFile({ content: `${SOURCE}\n` })).not.toBe(parseFile(file));
  });

  it('parses a file as its text parses, however many texts came before (the kept texts roll over)', () => {
    const lines = [
      "import { alpha } from './alpha.js';",
      "export { beta } from './beta.js';",
      'export function first(x) { return alpha(x); }',
      'const y = second(1); // TODO later',
      'console.log(y);',
      '',
    ];
    // Everything but the \`uses\` method, which is asked about below.
    const withoutUses = (parsed: ReturnType<typeof parseSource>) =>
      Object.fromEntries(Object.entries(parsed).filter(([key]) => key !== 'uses'));
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...lines), { maxLength: 6 }), { minLength: 300, maxLength: 600 }),
        (texts) => {
          for (const parts of texts) {
            const text = parts.join('\n');
            const parsed = parseFile({ content: text });
            expect(withoutUses(parsed)).toEqual(withoutUses(parseSource(text)));
            expect(parsed.uses('alpha')).toBe(parseSource(text).uses('alpha'));
          }
        },
      ),
      { numRuns: 5 },
    );
  });
});

describe('code an LLM team would write', () => {
  const ts = `// SPDX-License-Identifier: MIT
import {
  alpha,
  beta as b,
} from './alpha.js';
import * as path from 'node:path';
import helpers from './helpers.js';
import type { Shape } from './types.js';

export interface Options {
  scale(value: number): number;
  name: string;
}

export class Scaler {
  private factor = 2;
  constructor(options) {
    this.factor = alpha(options);
  }
  apply(value: number): number {
    return b(value) * this.factor;
  }
  static async create(): Promise<Scaler> {
    return new Scaler(helpers.defaults());
  }
}

export default function makeScaler(options: Options): Scaler {
  return new Scaler(path.resolve(options.name));
}

export const twice = (x: number): number => alpha(x) * 2;
`;
  const m = parseSource(ts);

  it('reads multi-line, namespace, default and type-only imports', () => {
    expect(m.imports.map((i) => [i.from, i.names.map((n) => `${n.imported}:${n.local}`), i.line])).toEqual([
      ['./alpha.js', ['alpha:alpha', 'beta:b'], 2],
      ['node:path', ['*:path'], 6],
      ['./helpers.js', ['default:helpers'], 7],
      ['./types.js', ['Shape:Shape'], 8],
    ]);
  });

  it('reads classes, default exports and arrow consts, and does not take members for calls', () => {
    expect(m.definitions.map((d) => [d.name, d.exported])).toEqual([
      ['Scaler', true],
      ['makeScaler', true],
      ['twice', true],
    ]);
    const calls = m.calls.map((c) => c.name);
    expect(calls).toEqual(['alpha', 'b', 'Scaler', 'Scaler', 'alpha']);
    for (const member of ['scale', 'apply', 'create', 'constructor']) expect(calls).not.toContain(member);
  });
});

describe('module paths', () => {
  it('resolves relative specifiers NodeNext style', () => {
    expect(candidatePaths('src/a/b.ts', './c.js')).toEqual(['src/a/c.ts', 'src/a/c.js']);
    expect(candidatePaths('src/a/b.ts', '../util/x.js')).toEqual(['src/util/x.ts', 'src/util/x.js']);
    expect(candidatePaths('src/a/b.ts', './dir')).toEqual(['src/a/dir.ts', 'src/a/dir/index.ts']);
    expect(candidatePaths('a.ts', '../x.js')).toBeNull();
  });

  it('writes relative specifiers', () => {
    expect(relativeSpecifier('src/a/b.ts', 'src/a/c.ts')).toBe('./c.js');
    expect(relativeSpecifier('src/a/b.ts', 'src/util/x.ts')).toBe('../util/x.js');
    expect(relativeSpecifier('test/a/b.test.ts', 'src/a/b.ts')).toBe('../../src/a/b.js');
    expect(relativeSpecifier('src/index.ts', 'src/a/b.ts')).toBe('./a/b.js');
    expect(relativeSpecifier('src/a/b.ts', 'vendor/lib/index.ts')).toBe('../../vendor/lib/index.js');
  });

  it('round-trips a relative specifier', () => {
    for (const [from, to] of [
      ['src/a/b.ts', 'src/c/d/e.ts'],
      ['test/x.test.ts', 'src/index.ts'],
      ['src/billing/invoice.ts', 'src/billing/invoice/parse.ts'],
    ] as const) {
      expect(candidatePaths(from, relativeSpecifier(from, to))?.[0]).toBe(to);
    }
  });

  it('matches whole identifiers only', () => {
    expect(mentionsIdentifier('parseTotal(x)', 'parseTotal')).toBe(true);
    expect(mentionsIdentifier('parseTotals(x)', 'parseTotal')).toBe(false);
    expect(mentionsIdentifier('myparseTotal', 'parseTotal')).toBe(false);
    expect(mentionsIdentifier('a.parseTotal', 'parseTotal', true)).toBe(false);
  });
});
