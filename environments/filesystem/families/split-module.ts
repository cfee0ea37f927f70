/**
 * Task family `filesystem/split-module`: an oversized module must be split into one submodule per
 * function group (a group still over the line limit continues in `<group>-extra.ts`), the old
 * path kept as a barrel that re-exports everything, imports under src/ pointed at the new
 * submodules, generated code left alone, a license header on every file, and a changelog entry.
 *
 * How lost facts bite: the line limit decides whether the big group is split further (and so
 * what every importer of it must import); the protected directory decides whether generated
 * files are rewritten; the license header, the module path and the release version flow into
 * the written files and their paths.
 */
import type { Rng } from '../../../src/core/rng.js';
import { defineTaskFamily, type TaskContent } from '../../../src/world/define-task-family.js';
import type { Constraint, Fact, PlanCondition } from '../../../src/team/world.js';
import type { FsState } from '../state.js';
import { fromFiles } from '../state.js';
import { relativeSpecifier } from '../code.js';
import { filesystemWorld } from '../world.js';
import { AREAS, CODEGEN_TOOLS, GENERATED_DIRS, LICENSES, VERBS } from '../names.js';
import {
  NamePool,
  linesOf,
  makeFn,
  modulePath,
  renderModule,
  renderTest,
  testPathFor,
  type FnSpec,
  type TestSubject,
} from './codegen.js';
import { EXECUTOR, PLANNER, REVIEWER } from './plan.js';
import { PlanBuilder, fact } from '../../../src/world/plan-builder.js';
import {
  LINT_LIMITS,
  RELEASE_PLAN,
  RELEASE_PLAN_PATTERN,
  RELEASING_DOC,
  RELEASING_DOC_PATTERN,
  renderReleasePlan,
  renderReleasingDoc,
  addChangelogSection,
  nextPatch,
  packageName,
  randomVersion,
  renderChangelog,
  renderPackageJson,
  renderProjectLintConfig,
  renderReadme,
  requestedRelease,
  versionTag,
} from './project.js';
import { sentence, shuffledSentences } from '../../../src/world/wording.js';

const FAMILY_ID = 'split-module';
const FAMILY_VERSION = 1;
const INDEX = 'src/index.ts';
const CHANGELOG = 'CHANGELOG.md';
const FACT_ORDER = ['modulePath', 'maxLines', 'protectedDir', 'licenseHeader', 'releaseVersion'] as const;

/** A function group of the oversized module: the verb its functions start with. */
interface Group {
  readonly verb: string;
  readonly fns: FnSpec[];
}

/** A module that imports from the oversized module. */
interface User {
  readonly path: string;
  readonly fns: readonly FnSpec[];
  readonly banner?: readonly string[];
}

/** Draws the content of one split-module task. Pure in `rng`. */
function buildSplitModule(rng: Rng): TaskContent<FsState> {
  const license = rng.pick(LICENSES);
  const header = `// SPDX-License-Identifier: ${license}`;
  const headerFact = `SPDX-License-Identifier: ${license}`;
  const headerGuess = `SPDX-License-Identifier: ${license === 'MIT' ? 'Apache-2.0' : 'MIT'}`;
  const writtenHeader = `// ${fact('licenseHeader')}`;
  const areas = rng.sample(AREAS, 3);
  const home = areas[0] as (typeof AREAS)[number];
  const [modNoun, siblingNoun] = rng.sample(home.nouns, 2) as [string, string];
  const modPath = modulePath(home.dir, modNoun);
  const siblingPath = modulePath(home.dir, siblingNoun);
  const subDir = `src/${home.dir}/${modNoun}/`;
  const utilPath = `src/util/${rng.pick(['numbers', 'strings', 'arrays', 'objects', 'guards'])}.ts`;
  const protectedDir = rng.pick(GENERATED_DIRS);
  const pool = new NamePool();

  // Utilities and the sibling module (the module an uninformed teammate would pick instead).
  const utilFns = [0, 1, 2]
    .slice(0, rng.int(2, 3))
    .map(() => makeFn(rng, pool.fresh(rng, rng.pick(VERBS), rng.pick(['value', 'list', 'text', 'number'])), []));
  const utilNames = utilFns.map((f) => f.name);
  const siblingFns = [0, 1, 2]
    .slice(0, rng.int(2, 3))
    .map(() =>
      makeFn(rng, pool.fresh(rng, rng.pick(VERBS), siblingNoun), rng.chance(0.4) ? [rng.pick(utilNames)] : []),
    );

  // The oversized module: groups by verb; the first group is the big one.
  const verbs = rng.sample(VERBS, rng.int(3, 4));
  const groups: Group[] = verbs.map((verb) => ({ verb, fns: [] }));
  const big = groups[0] as Group;
  const groupNames = groups.map((g) =>
    Array.from({ length: g === big ? rng.int(6, 8) : rng.int(2, 4) }, () =>
      pool.fresh(rng, g.verb, rng.pick(home.nouns)),
    ),
  );
  groups.forEach((g, gi) => {
    const names = groupNames[gi] as string[];
    const otherSmall = groupNames.filter((_, j) => j !== gi && j !== 0).flat();
    names.forEach((name, i) => {
      const calls: string[] = [];
      if (rng.chance(0.3)) calls.push(rng.pick(utilNames));
      if (otherSmall.length > 0 && rng.chance(0.3)) calls.push(rng.pick(otherSmall));
      if (g === big && i > 0 && rng.chance(0.3)) calls.push(names[rng.int(0, i - 1)] as string);
      g.fns.push(makeFn(rng, name, calls));
    });
  });
  const smallNames = groups.slice(1).flatMap((g) => g.fns.map((f) => f.name));
  const moduleNames = new Set(groupNames.flat());
  const allNames = () => groups.flatMap((g) => g.fns.map((f) => f.name));
  const secondHalf = () => big.fns.slice(Math.ceil(big.fns.length / 2)).map((f) => f.name);

  // Importers: callers under src/ (one always uses the big group's second half) and generated files.
  const slots = rng.shuffle(
    areas.slice(1).flatMap((a) => a.nouns.map((n) => ({ noun: n, path: modulePath(a.dir, n) }))),
  );
  const callerCount = rng.int(3, 5);
  const callers: User[] = slots.slice(0, callerCount).map((s, ci) => {
    const fns: FnSpec[] = [];
    for (let i = rng.int(2, 3); i > 0; i--) {
      const calls: string[] = [];
      if (fns.length === 0) calls.push(ci === 0 ? rng.pick(secondHalf()) : rng.pick(allNames()));
      if (rng.chance(0.4)) calls.push(rng.pick(allNames()));
      if (ci === 1 && fns.length === 0) calls.push(rng.pick(siblingFns).name);
      if (fns.length > 0 && rng.chance(0.3)) calls.push((fns[fns.length - 1] as FnSpec).name);
      fns.push(makeFn(rng, pool.fresh(rng, rng.pick(VERBS), s.noun), [...new Set(calls)]));
    }
    return { path: s.path, fns: rng.shuffle(fns) };
  });
  const tool = rng.pick(CODEGEN_TOOLS);
  const generated: User[] = rng
    .sample(['client', 'routes', 'schema', 'handlers', 'types'], rng.int(2, 3))
    .map((name) => ({
      path: `${protectedDir}${name}.ts`,
      banner: [`// Code generated by ${tool}. DO NOT EDIT.`],
      fns: Array.from({ length: rng.int(1, 2) }, () =>
        makeFn(rng, pool.fresh(rng, rng.pick(VERBS), name), rng.sample(smallNames, rng.int(1, 2))),
      ),
    }));

  // Layouts: where each function of the module lives, with and without splitting the big group.
  const home0 = new Map<string, string>();
  for (const f of utilFns) home0.set(f.name, utilPath);
  for (const f of siblingFns) home0.set(f.name, siblingPath);
  for (const u of [...callers, ...generated]) for (const f of u.fns) home0.set(f.name, u.path);
  const layout = (splitBig: boolean): Map<string, string> => {
    const m = new Map<string, string>();
    for (const g of groups) {
      const cut = g === big && splitBig ? Math.ceil(g.fns.length / 2) : g.fns.length;
      g.fns.forEach((f, i) => m.set(f.name, `${subDir}${g.verb}${i < cut ? '' : '-extra'}.ts`));
    }
    return m;
  };
  const renderUser = (u: User, locate: (name: string) => string | null, head: string) =>
    renderModule({
      path: u.path,
      header: head,
      ...(u.banner ? { banner: u.banner } : {}),
      sections: [{ title: null, fns: u.fns }],
      locate,
    });
  const after = (where: ReadonlyMap<string, string>) => (n: string) => where.get(n) ?? home0.get(n) ?? null;
  const renderLayout = (where: ReadonlyMap<string, string>): Map<string, string> => {
    const byFile = new Map<string, FnSpec[]>();
    for (const g of groups) {
      for (const f of g.fns) {
        const path = where.get(f.name) as string;
        const list = byFile.get(path);
        if (list) list.push(f);
        else byFile.set(path, [f]);
      }
    }
    const paths = [...byFile.keys()].sort();
    const out = new Map<string, string>();
    const locate = (n: string) => where.get(n) ?? home0.get(n) ?? null;
    for (const path of paths)
      out.set(
        path,
        renderModule({
          path,
          header: writtenHeader,
          sections: [{ title: null, fns: byFile.get(path) as FnSpec[] }],
          locate,
        }),
      );
    const barrel = [writtenHeader, `// Re-exports the ${modNoun} helpers, now split by group under ./${modNoun}/.`, ''];
    for (const path of paths) {
      const names = (byFile.get(path) as FnSpec[]).map((f) => f.name).sort();
      barrel.push(`export { ${names.join(', ')} } from '${relativeSpecifier(modPath, path)}';`);
    }
    out.set(modPath, `${barrel.join('\n')}\n`);
    return out;
  };
  // Before the split every function of the module lives in the module itself.
  const original = (n: string) => home0.get(n) ?? (moduleNames.has(n) ? modPath : null);

  const originals = new Map<string, string>();
  for (const u of [...callers, ...generated]) originals.set(u.path, renderUser(u, original, header));
  originals.set(
    siblingPath,
    renderModule({
      path: siblingPath,
      header,
      sections: [{ title: null, fns: siblingFns }],
      locate: (n) => home0.get(n) ?? null,
    }),
  );
  originals.set(
    utilPath,
    renderModule({ path: utilPath, header, sections: [{ title: null, fns: utilFns }], locate: () => null }),
  );
  const longestOriginal = Math.max(12, ...[...originals.values()].map(linesOf));

  // Grow the big group until it alone exceeds every other file of the split project, so the
  // line limit can sit between them: splitting the big group is then exactly what it takes.
  let splitFiles: Map<string, string>;
  let wholeFiles: Map<string, string>;
  let splitCallers: string[];
  let bigLines: number;
  let longestOther: number;
  for (;;) {
    const splitWhere = layout(true);
    splitFiles = renderLayout(splitWhere);
    wholeFiles = renderLayout(layout(false));
    splitCallers = callers.map((u) => renderUser(u, after(splitWhere), writtenHeader));
    bigLines = linesOf(wholeFiles.get(`${subDir}${big.verb}.ts`) as string);
    longestOther = Math.max(longestOriginal, ...[...splitFiles.values(), ...splitCallers].map(linesOf));
    if (longestOther < bigLines) break;
    const extra = makeFn(rng, pool.fresh(rng, big.verb, rng.pick(home.nouns)), []);
    big.fns.unshift(extra);
    moduleNames.add(extra.name);
  }
  const maxLines = rng.int(longestOther, bigLines - 1);
  const wholeWhere = layout(false);

  // The project as it is now.
  const pkg = packageName(rng, home.dir);
  const files: Record<string, string> = {};
  files[modPath] = renderModule({
    path: modPath,
    header,
    banner: [`// ${home.dir} helpers for ${modNoun} data.`],
    sections: rng.shuffle(groups).map((g) => ({ title: `${g.verb} helpers`, fns: g.fns })),
    locate: original,
  });
  for (const [path, text] of originals) files[path] = text;
  const indexEntries = [
    { path: modPath, names: [...new Set([rng.pick(big.fns).name, ...rng.sample(allNames(), rng.int(2, 5))])].sort() },
    {
      path: siblingPath,
      names: rng
        .sample(
          siblingFns.map((f) => f.name),
          rng.int(1, 2),
        )
        .sort(),
    },
    ...rng.sample(callers, rng.int(1, 2)).map((c) => ({
      path: c.path,
      names: rng.sample(
        c.fns.map((f) => f.name),
        1,
      ),
    })),
  ];
  files[INDEX] =
    [
      header,
      `// Public API of ${pkg}.`,
      '',
      ...indexEntries.map((e) => `export { ${e.names.join(', ')} } from '${relativeSpecifier(INDEX, e.path)}';`),
    ].join('\n') + '\n';
  const tests: Record<string, TestSubject[]> = {
    [testPathFor(modPath)]: [{ from: modPath, names: rng.sample(allNames(), rng.int(3, 5)) }],
    [testPathFor(siblingPath)]: [{ from: siblingPath, names: siblingFns.map((f) => f.name).slice(0, 2) }],
  };
  const tested = rng.pick(callers);
  tests[testPathFor(tested.path)] = [{ from: tested.path, names: [(tested.fns[0] as FnSpec).name] }];
  for (const [path, subjects] of Object.entries(tests)) files[path] = renderTest(rng, path, header, subjects);
  const current = randomVersion(rng);
  const release = versionTag(requestedRelease(rng, current));
  const lintLimit = rng.pick(LINT_LIMITS);
  files[CHANGELOG] = renderChangelog(rng, current, modNoun);
  files[RELEASE_PLAN] = renderReleasePlan(rng, current, release);
  files[RELEASING_DOC] = renderReleasingDoc(rng, release);
  files['package.json'] = renderPackageJson(pkg, current, license);
  files['README.md'] = renderReadme(
    pkg,
    areas.map((a) => a.dir),
  );
  files['.lintrc.json'] = renderProjectLintConfig(lintLimit, [protectedDir]);

  const facts: Fact[] = [
    { id: 'modulePath', description: 'the oversized module to split', value: modPath, guess: siblingPath },
    {
      id: 'maxLines',
      description: 'the most lines a file under src/ may have',
      value: String(maxLines),
      guess: String(lintLimit),
    },
    {
      id: 'protectedDir',
      description: 'the generated-code directory that must not be edited',
      value: protectedDir,
      guess: '',
    },
    {
      id: 'licenseHeader',
      description: 'the license header every source file starts with',
      value: headerFact,
      guess: headerGuess,
    },
    {
      id: 'releaseVersion',
      description: 'the release the changelog entry goes under',
      value: release,
      guess: versionTag(nextPatch(current)),
    },
  ];

  const subFiles = [...splitFiles.keys()].filter((p) => p !== modPath);
  const changed = [...subFiles, modPath, ...callers.map((c) => c.path), CHANGELOG].sort();
  const constraints: Constraint[] = [
    {
      id: 'split',
      text: `${modPath} is split into submodules under ${subDir}, each function defined in exactly one, the old path only re-exporting`,
      kind: 'module-split',
      params: { module: modPath, dir: subDir, names: allNames() },
      facts: ['modulePath'],
      scope: 'goal',
      late: false,
    },
    {
      id: 'direct-imports',
      text: `Nothing under src/ outside ${protectedDir} imports from ${modPath} any more`,
      kind: 'direct-imports',
      params: { module: modPath, prefix: 'src/', except: [protectedDir] },
      facts: ['modulePath', 'protectedDir'],
      scope: 'goal',
      late: false,
    },
    {
      id: 'generated-untouched',
      text: `Nothing under ${protectedDir} is edited`,
      kind: 'path-untouched',
      params: { prefix: protectedDir },
      facts: ['protectedDir'],
      scope: 'invariant',
      late: false,
      forbidsAction: true,
    },
    {
      id: 'license-header',
      text: `Every file under src/ starts with // ${headerFact}`,
      kind: 'file-header',
      params: { prefix: 'src/', header },
      facts: ['licenseHeader'],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'max-lines',
      text: `No file under src/ exceeds ${maxLines} lines`,
      kind: 'max-lines',
      params: { prefix: 'src/', max: maxLines },
      facts: ['maxLines'],
      scope: 'goal',
      late: true,
    },
    {
      id: 'public-api',
      text: `${INDEX} still exports the same names`,
      kind: 'api-name-kept',
      params: { file: INDEX, names: indexEntries.flatMap((e) => e.names) },
      facts: [],
      scope: 'goal',
      late: true,
    },
    {
      id: 'changelog',
      text: `${CHANGELOG} has a ${release} entry mentioning ${modPath}`,
      kind: 'changelog-entry',
      params: { file: CHANGELOG, version: release, mentions: [modPath] },
      facts: ['releaseVersion', 'modulePath'],
      scope: 'goal',
      late: true,
    },
    {
      id: 'tests',
      text: 'The test suite passes',
      kind: 'tests-pass',
      params: {},
      facts: [],
      scope: 'goal',
      late: false,
      subgoal: true,
    },
    {
      id: 'lint',
      text: 'Lint is clean',
      kind: 'lint-clean',
      params: {},
      facts: [],
      scope: 'goal',
      late: true,
      subgoal: true,
    },
    {
      id: 'no-collateral',
      text: 'No other file is changed',
      kind: 'no-collateral',
      params: { allow: changed },
      facts: ['protectedDir', 'modulePath'],
      scope: 'invariant',
      late: false,
    },
    {
      id: 'report',
      text: 'The final answer states how many files were changed',
      kind: 'answer-change-count',
      params: {},
      facts: [],
      scope: 'goal',
      late: true,
    },
  ];

  // The oracle plan.
  const P = PLANNER.id;
  const E = EXECUTOR.id;
  const R = REVIEWER.id;
  const importPattern = `/${modNoun}.js'`;
  const split: PlanCondition = { op: 'gt', left: String(bigLines), right: fact('maxLines') };
  const whole: PlanCondition = { op: 'lte', left: String(bigLines), right: fact('maxLines') };
  const b = new PlanBuilder();
  b.tool(P, 'list_dir', { path: '' })
    .tool(P, 'list_dir', { path: 'src' })
    .tool(P, 'list_dir', { path: `src/${home.dir}` })
    .tool(P, 'read_file', { path: fact('modulePath') }, { note: 'the groups are the section comments' })
    .tool(P, 'search', { pattern: importPattern }, { note: 'every importer of the module' })
    .tool(P, 'read_file', { path: INDEX })
    .tool(P, 'list_dir', { path: fact('protectedDir') }, { note: 'generated importers stay as they are' })
    .tool(P, 'read_file', { path: CHANGELOG })
    .tool(
      P,
      'read_file',
      { path: RELEASING_DOC },
      {
        learn: [{ fact: 'releaseVersion', pattern: RELEASING_DOC_PATTERN }],
        note: 'the release how-to names the next version',
      },
    )
    .tool(
      P,
      'read_file',
      { path: RELEASE_PLAN },
      {
        learn: [{ fact: 'releaseVersion', pattern: RELEASE_PLAN_PATTERN }],
        verification: true,
        note: 'the release plan is authoritative',
      },
    )
    .tool(P, 'read_file', { path: '.lintrc.json' })
    .handoff(
      P,
      E,
      `Split the module into one file per group under ${subDir} (a group over the line limit continues in <group>-extra.ts), turn the old file into a barrel, point the imports in ${callers.map((c) => c.path).join(', ')} at the new files, leave the generated directory alone, add the changelog entry, then run the tests and the linter.`,
      FACT_ORDER,
    );
  b.tool(E, 'read_file', { path: fact('modulePath') });
  const writeVariants = (path: string, splitText: string | undefined, wholeText: string | undefined) => {
    if (splitText !== undefined && splitText === wholeText) b.tool(E, 'write_file', { path, content: splitText });
    else {
      if (splitText !== undefined)
        b.tool(
          E,
          'write_file',
          { path, content: splitText },
          { when: split, note: 'the big group exceeds the limit: split it further' },
        );
      if (wholeText !== undefined) b.tool(E, 'write_file', { path, content: wholeText }, { when: whole });
    }
  };
  for (const path of [...new Set([...subFiles, ...wholeFiles.keys()])].filter((p) => p !== modPath).sort())
    writeVariants(path, splitFiles.get(path), wholeFiles.get(path));
  writeVariants(fact('modulePath'), splitFiles.get(modPath), wholeFiles.get(modPath));
  callers.forEach((c, i) => {
    b.tool(E, 'read_file', { path: c.path });
    writeVariants(c.path, splitCallers[i], renderUser(c, after(wholeWhere), writtenHeader));
  });
  for (const g of generated) {
    const when: PlanCondition = { op: 'notStartsWith', left: g.path, right: fact('protectedDir') };
    b.tool(E, 'read_file', { path: g.path }, { when });
    b.tool(E, 'write_file', { path: g.path, content: renderUser(g, after(wholeWhere), writtenHeader) }, { when });
  }
  b.tool(
    E,
    'search',
    { pattern: importPattern, path: 'src' },
    { note: 'only the index and generated code may still use the barrel' },
  )
    .tool(E, 'read_file', { path: CHANGELOG })
    .tool(E, 'write_file', {
      path: CHANGELOG,
      content: addChangelogSection(files[CHANGELOG], fact('releaseVersion'), [
        `Split \`${fact('modulePath')}\` into per-group modules under \`${subDir}\`; the old path re-exports everything.`,
      ]),
    })
    .tool(E, 'run_tests', {})
    .tool(E, 'lint', {})
    .handoff(
      E,
      R,
      `Done: the module is split under ${subDir}, the old path is a barrel, the callers import the submodules directly, and the changelog has its entry; tests and lint pass. Please verify, including the license headers and that generated code is untouched.`,
      ['modulePath', 'protectedDir', 'licenseHeader', 'releaseVersion'],
    )
    .tool(R, 'list_dir', { path: subDir });
  for (const path of subFiles) b.tool(R, 'read_file', { path });
  b.tool(R, 'read_file', { path: fact('modulePath') })
    .tool(R, 'search', { pattern: importPattern, path: 'src' })
    .tool(R, 'search', { pattern: fact('licenseHeader'), path: subDir })
    .tool(R, 'list_dir', { path: fact('protectedDir') })
    .tool(R, 'search', { pattern: fact('releaseVersion'), path: CHANGELOG })
    .tool(R, 'run_tests', {})
    .tool(R, 'lint', {})
    .handoff(
      R,
      P,
      'Verified: every group has its own submodule within the line limit, the barrel re-exports everything, imports are direct, generated code is untouched, the changelog entry is there, tests and lint pass.',
      [],
    )
    .finish(
      P,
      `Split ${fact('modulePath')} into ${subFiles.length} submodules under ${subDir} and updated ${callers.length} importers — ${changed.length} files changed (${changed.join(', ')}). The changelog has a ${fact('releaseVersion')} entry; tests and lint pass.`,
    );

  const request = splitRequest(rng, {
    modPath,
    subDir,
    protectedDir,
    tool,
    maxLines,
    header,
    release,
    bigVerb: big.verb,
    verbs,
  });
  return {
    request,
    facts,
    constraints,
    world: fromFiles(files),
    plan: b,
  };
}

interface SplitWords {
  readonly modPath: string;
  readonly subDir: string;
  readonly protectedDir: string;
  readonly tool: string;
  readonly maxLines: number;
  readonly header: string;
  readonly release: string;
  readonly bigVerb: string;
  readonly verbs: readonly string[];
}

/** The user's words: every constraint and every fact value, in seeded wording and order. */
function splitRequest(rng: Rng, w: SplitWords): string {
  const m = `\`${w.modPath}\``;
  const example = rng
    .shuffle(w.verbs)
    .map((v) => `${v}.ts`)
    .join(', ');
  const intro = sentence(rng, [
    `${m} has grown far too large. Split it into one module per function group under \`${w.subDir}\` (${example}); a group that would still be over the line limit continues in \`<group>-extra.ts\` (e.g. \`${w.bigVerb}-extra.ts\`).`,
    `Please break ${m} up: each group of functions (the sections in the file) gets its own file under \`${w.subDir}\` — ${example} — and any group still too long for the line limit spills over into \`<group>-extra.ts\`.`,
  ]);
  const body = shuffledSentences(rng, [
    [
      `Keep ${m} as a barrel that re-exports everything, but every import under src/ must point at the new submodules directly.`,
      `${m} itself should only re-export the submodules; code under src/ must import from the submodules, not from the barrel.`,
    ],
    [
      `Never edit anything under \`${w.protectedDir}\` — it is generated by ${w.tool} and may keep importing from the old path.`,
      `Files under \`${w.protectedDir}\` are generated (${w.tool}): do not touch them; they can keep using the barrel.`,
    ],
    [
      `No file under src/ may be longer than ${w.maxLines} lines.`,
      `Every file under src/ must stay at ${w.maxLines} lines or fewer.`,
    ],
    [
      `Every source file under src/ must start with the header \`${w.header}\`.`,
      `All files under src/ carry our license header as their first line: \`${w.header}\`.`,
    ],
    [
      'src/index.ts must keep exporting exactly the same public names.',
      'The public API in src/index.ts must not change.',
    ],
    [
      `Add a section for the upcoming release to CHANGELOG.md that mentions ${m}; its version is in ${RELEASE_PLAN}, which wins if another document disagrees.`,
      `Note the split in CHANGELOG.md under a new heading for the next release (take the version from ${RELEASE_PLAN}, the authoritative source), naming ${m}.`,
    ],
    ['The tests must pass and lint must be clean.', 'Both the test suite and the linter have to pass.'],
    ["Don't change any other file.", 'Leave every other file as it is.'],
  ]);
  const outro = sentence(rng, [
    "When you're done, tell me how many files you changed.",
    'Report the number of files you changed when you finish.',
  ]);
  return [intro, ...body, outro].join(' ');
}

/** The split-module task family. */
export const splitModuleFamily = defineTaskFamily({
  id: FAMILY_ID,
  version: FAMILY_VERSION,
  description:
    'Split an oversized module into per-group submodules behind a barrel, update imports, keep generated code, headers, the public API and a line limit, with a changelog entry.',
  world: filesystemWorld,
  maxEpisodeSteps: 120,
  roles: [PLANNER, EXECUTOR, REVIEWER],
  factOrder: FACT_ORDER,
  build: buildSplitModule,
});

/** Generates one split-module task without the memo, drawing straight from `rng` (see `generateUnmemoized`). */
export const generateSplitModule = splitModuleFamily.generateUnmemoized;
