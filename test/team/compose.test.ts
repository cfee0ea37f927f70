import { describe, expect, it } from 'vitest';
import { composeWorlds, composedChecker, composedEntity, composedTool, liftPlanStep } from '../../src/team/compose.js';
import { toolDefinition } from '../../src/team/tool-definitions.js';
import type { ConstraintChecker, PlanStep, Task, World } from '../../src/team/world.js';
import { Rng } from '../../src/core/rng.js';
import { filesystemWorld } from '../../environments/filesystem/world.js';
import { fromFiles, getFile, type FsState } from '../../environments/filesystem/state.js';
import { mockWebWorld } from '../../environments/mock-web/world.js';
import type { WebState } from '../../environments/mock-web/state.js';

type S = { readonly web: WebState; readonly fs: FsState };

const web: WebState = {
  sites: {
    'corvid.example': {
      name: 'Corvid',
      pages: {
        '': {
          title: 'Corvid',
          date: '2025-01-02',
          text: 'Home of the Nimbus 4.',
          links: [{ text: 'Prices', url: 'corvid.example/pricing' }],
        },
        pricing: { title: 'Prices', date: '2025-02-03', text: 'Nimbus 4: €1,299', links: [] },
      },
    },
  },
  report: { title: 'Brief', sections: [{ heading: 'Notes', text: 'mine', citations: [] }] },
};
const project: FsState = fromFiles({
  'src/a.ts': '// SPDX-License-Identifier: MIT\nexport const a = 1;\n',
  'README.md': '# demo\n',
});
const initial: S = { web, fs: project };
const ctx = { role: 'r', clock: 0, step: 1 };

/** The price in src/config.ts is the one on the pricing page: a checker that needs both parts. */
const priceMatches: ConstraintChecker<S> = ({ world }) => {
  const page = world.web.sites['corvid.example']?.pages['pricing']?.text ?? '';
  const file = getFile(world.fs, 'src/config.ts')?.content ?? '';
  const price = /: (\S+)$/.exec(page)?.[1];
  return price !== undefined && file.includes(price);
};

const world: World<S> = composeWorlds(
  { web: mockWebWorld, fs: filesystemWorld },
  { id: 'both', checkers: { 'price-matches': priceMatches } },
);

describe('composeWorlds', () => {
  it('names every tool <prefix>_<tool>, valid for LLM APIs, with its world in the description and the same argument schema', () => {
    const names = Object.keys(world.tools);
    expect(names).toHaveLength(Object.keys(mockWebWorld.tools).length + Object.keys(filesystemWorld.tools).length);
    expect(names).toContain('web_open_page');
    expect(names).toContain('fs_write_file');
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    const def = toolDefinition(world.tools['fs_read_file']!);
    expect(def.name).toBe('fs_read_file');
    expect(def.description).toMatch(/^\[filesystem\] Read a file/);
    expect(def.parameters).toEqual(toolDefinition(filesystemWorld.tools['read_file']!).parameters);
    expect(world.id).toBe('both');
    expect(composeWorlds({ web: mockWebWorld }).id).toBe('mock-web');
  });

  it('lifts a long list of reads once per list: the same names for the same list, new ones for another', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`src/m${String(i).padStart(3, '0')}.ts`] = '// SPDX-License-Identifier: MIT\n';
    const big: S = { web, fs: fromFiles(files) };
    const lint = world.tools['fs_lint']!;
    const first = lint.run(big, { path: '' }, ctx).reads;
    expect(first).toHaveLength(600);
    expect(first?.[0]).toBe('fs:src/m000.ts');
    expect(first?.[599]).toBe('fs:src/m599.ts');
    const part = filesystemWorld.tools['lint']!.run(big.fs, { path: '' }, ctx).reads;
    expect(first).toEqual(part?.map((p) => composedEntity('fs', p)));
    // A list with one more module is lifted anew, not answered from the last one.
    const more: S = { web, fs: fromFiles({ ...files, 'src/m600.ts': '// SPDX-License-Identifier: MIT\n' }) };
    const second = lint.run(more, { path: '' }, ctx).reads;
    expect(second).toHaveLength(601);
    expect(second?.[600]).toBe('fs:src/m600.ts');
  });

  it('runs a tool on its own part only and prefixes the entities it reads and writes', () => {
    const write = world.tools['fs_write_file']!;
    const out = write.run(initial, { path: 'src/config.ts', content: 'x' }, ctx);
    expect(out.ok).toBe(true);
    expect(out.writes).toEqual(['fs:src/config.ts']);
    // The next call of the same tool lifts its own entities, not the last call's.
    expect(write.run(initial, { path: 'src/other.ts', content: 'y' }, ctx).writes).toEqual(['fs:src/other.ts']);
    expect(out.world?.web).toBe(web);
    expect(getFile(out.world!.fs, 'src/config.ts')?.content).toBe('x');
    const read = world.tools['web_open_page']!.run(initial, { url: 'https://Corvid.example/pricing/' }, ctx);
    expect(read.ok).toBe(true);
    expect(read.world).toBeUndefined();
    expect(read.reads).toEqual(['web:corvid.example/pricing']);
    expect((read.result as { content: string }).content).toBe('Nimbus 4: €1,299');
    const bad = world.tools['fs_read_file']!.run(initial, { path: 'nope.ts', offset: 1, limit: 10 }, ctx);
    expect(bad.ok).toBe(false);
    expect(bad.error?.code).toBe('not_found');
  });

  it("prefixes the entity a call addresses, whether the part's tool names it or the team model would (path/id)", () => {
    expect(world.tools['web_open_page']!.entity!({ url: 'corvid.example/pricing#top' })).toBe(
      'web:corvid.example/pricing',
    );
    expect(world.tools['web_search']!.entity!({ query: 'nimbus', page: 1 })).toBeUndefined();
    expect(world.tools['fs_read_file']!.entity!({ path: 'src/a.ts' })).toBe('fs:src/a.ts');
    expect(world.tools['fs_run_tests']!.entity!({})).toBeUndefined();
  });

  it('runs each part’s checkers on its part (initial state included) under <prefix>:<kind>, plus cross-world and composed no-collateral checkers', () => {
    const changed: S = {
      web,
      fs: fromFiles({
        'src/a.ts': '// SPDX-License-Identifier: MIT\nexport const a = 1;\n',
        'README.md': '# changed\n',
        'src/config.ts': "export const price = '€1,299';\n",
      }),
    };
    const check = (kind: string, params: Record<string, unknown>, state = changed) =>
      world.checkers[kind]!({ world: state, initial, answer: null, params });
    expect(check(composedChecker('fs', 'path-untouched'), { prefix: 'README.md' })).toBe(false);
    expect(check('fs:path-untouched', { prefix: 'src/a.ts' })).toBe(true);
    expect(check('web:section-mentions', { heading: 'Notes', mentions: ['mine'] })).toBe(true);
    expect(check('price-matches', {})).toBe(true);
    expect(check('price-matches', {}, initial)).toBe(false);
    expect(check('no-collateral', { allow: ['fs:README.md', 'fs:src/config.ts'] })).toBe(true);
    expect(check('no-collateral', { allow: ['fs:src/'] })).toBe(false);
    expect(check('no-collateral', { allow: ['README.md', 'src/config.ts'] })).toBe(false);
    expect(check('no-collateral', { allow: 'fs:README.md' })).toBe(false);
    expect(check('fs:answer-mentions', { mentions: ['x'] })).toBe(false);
  });

  it('concatenates diffs with prefixed ids, skipping parts that did not change', () => {
    const out = world.tools['fs_write_file']!.run(initial, { path: 'README.md', content: 'new' }, ctx);
    const more = world.tools['web_write_report']!.run(
      out.world!,
      { section: 'Price', text: '€1,299', citations: ['corvid.example/pricing'] },
      ctx,
    );
    expect(world.diff(initial, out.world!)).toEqual(['fs:README.md']);
    expect(world.diff(initial, more.world!)).toEqual(['fs:README.md', 'web:report/Price']);
    expect(world.diff(initial, initial)).toEqual([]);
  });

  it('prefixes fallbacks and sabotage (tool and target), and keeps vocabulary words as the parts give them (they are arguments)', () => {
    expect(world.fallbacks).toEqual({ web_open_page: 'web_open_cached', fs_search: 'fs_grep' });
    const sabotage = world.sabotage!(initial);
    expect(sabotage).toContainEqual({
      tool: 'web_delete_section',
      args: { section: 'Notes' },
      target: 'web:report/Notes',
    });
    expect(sabotage).toContainEqual({ tool: 'fs_delete_file', args: { path: 'README.md' }, target: 'fs:README.md' });
    for (const s of sabotage) expect(world.tools[s.tool]!.entity!(s.args as Record<string, unknown>)).toBe(s.target);
    const words = world.vocabulary(initial);
    expect(words).toContain('corvid.example/pricing');
    expect(words).toContain('src/a.ts');
  });

  it('refuses prefixes that would make invalid or ambiguous names', () => {
    expect(() => composeWorlds({ Web: mockWebWorld })).toThrow(/prefix "Web"/);
    expect(() => composeWorlds({ a_b: mockWebWorld })).toThrow(/prefix "a_b"/);
    expect(() => composeWorlds({})).toThrow(/at least one world/);
  });

  it('lifts a part’s plan step onto the composed tools, keeping facts, conditions and verification', () => {
    const step: PlanStep = {
      role: 'planner',
      action: { type: 'tool', tool: 'open_page', args: { url: '{{fact:site}}/pricing' } },
      learn: [{ fact: 'price', pattern: ': (\\S+)' }],
      verification: true,
    };
    expect(liftPlanStep('web', step, 'researcher')).toEqual({
      ...step,
      role: 'researcher',
      action: { type: 'tool', tool: 'web_open_page', args: { url: '{{fact:site}}/pricing' } },
    });
    const handoff: PlanStep = { role: 'planner', action: { type: 'handoff', to: 'executor', message: 'go' } };
    expect(liftPlanStep('web', handoff)).toEqual(handoff);
    expect([composedTool('fs', 'lint'), composedEntity('fs', 'a.ts'), composedChecker('fs', 'lint-clean')]).toEqual([
      'fs_lint',
      'fs:a.ts',
      'fs:lint-clean',
    ]);
  });

  it("composes the parts' variants hooks: each sees its own view of the task, and what it returns goes back under its prefix", () => {
    const seen: Array<{ tools: string[]; kinds: string[]; world: unknown }> = [];
    // A part that renames `alpha` (and proposes names already taken elsewhere) and reverses its own steps' args.
    const varying: World<{ n: number }> = {
      id: 'counter',
      description: 'a counter',
      tools: {},
      checkers: {},
      diff: () => [],
      vocabulary: () => [],
      variants: {
        renames(task) {
          seen.push({
            tools: task.plan.map((s) => (s.action.type === 'tool' ? s.action.tool : s.action.type)),
            kinds: task.constraints.map((c) => c.kind),
            world: task.world,
          });
          return { alpha: 'beta', gamma: 'README', delta: 'alpha' };
        },
        reorder: (task) => ({
          ...task,
          world: { n: task.world.n + 1 },
          plan: task.plan.map((s) =>
            s.action.type === 'tool' && s.action.tool === 'bump' ? { ...s, note: 'reordered' } : s,
          ),
        }),
      },
    };
    const both = composeWorlds({ c: varying, fs: filesystemWorld });
    const task: Task<{ c: { n: number }; fs: FsState }> = {
      id: 't@0',
      family: 't',
      seed: 0,
      request: 'alpha gamma delta',
      roles: [],
      entryRole: 'r',
      facts: [],
      clarifications: [],
      constraints: [
        { id: 'a', text: '', kind: 'c:ok', params: {}, facts: [], scope: 'goal', late: false },
        { id: 'b', text: '', kind: 'fs:tests-pass', params: {}, facts: [], scope: 'goal', late: false },
      ],
      world: { c: { n: 1 }, fs: project },
      plan: [
        { role: 'r', action: { type: 'tool', tool: 'c_bump', args: {} } },
        { role: 'r', action: { type: 'tool', tool: 'fs_read_file', args: { path: 'README.md' } } },
      ],
    };
    const renames = both.variants!.renames!(task, Rng.fromSeed(1));
    expect(seen[0]).toEqual({ tools: ['bump', 'fs_read_file'], kinds: ['ok', 'fs:tests-pass'], world: { n: 1 } });
    // `README` names a file of the other part: renaming gamma to it would merge two names.
    expect([renames['alpha'], renames['delta'], renames['gamma']]).toEqual(['beta', 'alpha', undefined]);
    const reordered = both.variants!.reorder!(task, Rng.fromSeed(1));
    expect(reordered.world.c).toEqual({ n: 2 });
    expect(reordered.world.fs).toBe(project);
    expect(reordered.plan.map((s) => [s.action.type === 'tool' ? s.action.tool : '', s.note])).toEqual([
      ['c_bump', 'reordered'],
      ['fs_read_file', undefined],
    ]);
    expect(reordered.constraints.map((c) => c.kind)).toEqual(['c:ok', 'fs:tests-pass']);
    expect(composeWorlds({ c: { ...varying, variants: undefined } }).variants).toBeUndefined();
  });
});

describe('composed mentions of sibling tools', () => {
  it('rewrite tool names in descriptions and error messages to their composed names, and leave prose alone', async () => {
    const { composedMentions } = await import('../../src/team/compose-names.js');
    const m = composedMentions('web', ['search', 'open_page', 'list_site']);
    expect(m('use search to find pages, or list_site on a host')).toBe(
      'use web_search to find pages, or web_list_site on a host',
    );
    expect(m('use list_site("h") to see the pages; the search engine ranks them')).toBe(
      'use web_list_site("h") to see the pages; the search engine ranks them',
    );
    expect(m(m('like open_page'))).toBe('like web_open_page');
  });
});
