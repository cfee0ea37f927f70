/**
 * Task family `filesystem/rename-symbol`: rename a function across a project — definition,
 * imports, call sites, tests and the public index — while keeping the old name exported as a
 * deprecated alias, leaving the vendored copy of a library (which has its own function of the
 * same name) untouched, keeping every source file within a line limit, and recording the change
 * in the changelog under a given release.
 *
 * How lost facts bite: the new name and the old name flow into the rewritten files; the vendored
 * files are rewritten only when the protected directory is unknown; where the alias goes (the
 * module, or the index) depends on whether the module would exceed the line limit; and the
 * changelog heading is the release version.
 */
import type { Rng } from '../../../src/core/rng.js';
import { defineTaskFamily, type TaskContent } from '../../../src/world/define-task-family.js';
import type { Constraint, Fact } from '../../../src/team/world.js';
import type { FsState } from '../state.js';
import { fromFiles } from '../state.js';
import { filesystemWorld } from '../world.js';
import { AREAS, LICENSES, QUALIFIERS, VENDOR_DIRS, VENDOR_LIBS, VERBS, VERB_SYNONYMS, camel } from '../names.js';
import {
  NamePool,
  linesOf,
  makeFn,
  modulePath,
  mentionsIdentifier,
  renameIdentifier,
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

/** Lines a deprecated alias function adds to a module (blank line, doc comment, three lines). */
const ALIAS_LINES = 5;
const FAMILY_ID = 'rename-symbol';
const FAMILY_VERSION = 1;
const INDEX = 'src/index.ts';
const CHANGELOG = 'CHANGELOG.md';
const FACT_ORDER = ['oldName', 'newName', 'protectedDir', 'releaseVersion', 'maxLines'] as const;

/** A source module while the project is being generated. */
interface Module {
  readonly path: string;
  readonly fns: FnSpec[];
}

/** Draws the content of one rename-symbol task. Pure in `rng`. */
function buildRenameSymbol(rng: Rng): TaskContent<FsState> {
  const license = rng.pick(LICENSES);
  const header = `// SPDX-License-Identifier: ${license}`;
  const areas = rng.sample(AREAS, rng.int(3, 4));
  const home = areas[0] as (typeof AREAS)[number];
  const pool = new NamePool();

  // The symbol to rename, a decoy sibling an uninformed teammate would confuse it with, the new
  // name, and the near-synonym a teammate who lost the new name would type instead.
  const homeNoun = rng.pick(home.nouns);
  const verb = rng.pick(VERBS);
  const qual = rng.pick(QUALIFIERS);
  const oldName = camel(verb, homeNoun, qual);
  pool.take(oldName);
  const decoy = pool.fresh(rng, verb, homeNoun);
  const { newName, newGuess } = pickNewName(rng, pool, verb, homeNoun, qual);

  // The vendored library: its own function named `oldName`, plus helpers the project imports.
  const protectedDir = rng.pick(VENDOR_DIRS);
  const lib = rng.pick(VENDOR_LIBS);
  const vendorIndex = `${protectedDir}${lib}/index.ts`;
  const vendorUtil = `${protectedDir}${lib}/${rng.pick(['util', 'helpers', 'internal'])}.ts`;
  const helpers = [0, 1, 2].map(() =>
    pool.fresh(rng, rng.pick(VERBS), rng.pick(['amount', 'value', 'text', 'date', 'number', 'list'])),
  );
  const vendorOwn = makeFn(rng, oldName, [helpers[0] as string]);
  const vendorWrapper = makeFn(rng, pool.fresh(rng, rng.pick(VERBS), lib), [oldName]);
  const vendorUtilFn = makeFn(rng, pool.fresh(rng, rng.pick(VERBS), lib), [oldName, helpers[1] as string]);

  // The home module defines the symbol; one of its siblings may call it too.
  const dPath = modulePath(home.dir, homeNoun);
  const d: Module = { path: dPath, fns: [] };
  d.fns.push(makeFn(rng, oldName, rng.chance(0.5) ? [rng.pick(helpers)] : []));
  d.fns.push(makeFn(rng, decoy, []));
  for (let i = rng.int(3, 5); i > 0; i--) {
    const calls = i === 1 && rng.chance(0.6) ? [oldName] : rng.chance(0.3) ? [rng.pick(helpers)] : [];
    d.fns.push(makeFn(rng, pool.fresh(rng, rng.pick(VERBS), rng.pick(home.nouns)), calls));
  }
  d.fns.splice(0, d.fns.length, ...rng.shuffle(d.fns));

  // Callers (call the symbol) and bystanders (import from the home module, never the symbol).
  const slots = rng.shuffle(
    areas
      .flatMap((a) => a.nouns.map((n) => ({ area: a, noun: n, path: modulePath(a.dir, n) })))
      .filter((s) => s.path !== dPath),
  );
  const callerCount = rng.int(3, 5);
  const bystanderCount = rng.int(2, 3);
  const dOthers = d.fns.filter((f) => f.name !== oldName).map((f) => f.name);
  const callers: Module[] = slots
    .slice(0, callerCount)
    .map((s) => makeUser(rng, pool, s.path, s.noun, oldName, dOthers, helpers, true));
  const bystanders: Module[] = slots
    .slice(callerCount, callerCount + bystanderCount)
    .map((s) => makeUser(rng, pool, s.path, s.noun, oldName, dOthers, helpers, false));

  const where = new Map<string, string>();
  for (const m of [d, ...callers, ...bystanders]) for (const f of m.fns) where.set(f.name, m.path);
  for (const h of helpers) where.set(h, vendorIndex);
  const render = (m: Module) =>
    renderModule({
      path: m.path,
      header,
      sections: [{ title: null, fns: m.fns }],
      locate: (n) => where.get(n) ?? null,
    });

  // Public index: the home module's API (with the symbol) and a few other modules'.
  const pkg = packageName(rng, home.dir);
  const indexEntries = [
    {
      path: dPath,
      names: [
        oldName,
        decoy,
        ...rng.sample(
          dOthers.filter((n) => n !== decoy),
          rng.int(0, 2),
        ),
      ].sort(),
    },
    ...rng.sample([...callers, ...bystanders], rng.int(1, 2)).map((m) => ({
      path: m.path,
      names: rng
        .sample(
          m.fns.map((f) => f.name),
          rng.int(1, 2),
        )
        .sort(),
    })),
  ];
  const renderIndex = (aliasForm: (name: string) => string) =>
    [
      header,
      `// Public API of ${pkg}.`,
      '',
      ...indexEntries.map(
        (e) =>
          `export { ${e.names.map((n) => (n === oldName ? aliasForm(n) : n)).join(', ')} } from './${e.path.slice(4, -3)}.js';`,
      ),
    ].join('\n') + '\n';

  const files: Record<string, string> = {};
  for (const m of [...callers, ...bystanders]) files[m.path] = render(m);
  files[INDEX] = renderIndex((n) => n);
  // The home module must be the longest source file, so the alias decides the line limit.
  const longestOther = Math.max(...Object.values(files).map(linesOf));
  let dText = render(d);
  while (linesOf(dText) < longestOther) {
    d.fns.push(makeFn(rng, pool.fresh(rng, rng.pick(VERBS), rng.pick(home.nouns)), []));
    dText = render(d);
  }
  files[dPath] = dText;
  const dLines = linesOf(dText);
  const maxLines = rng.int(dLines, dLines + ALIAS_LINES - 1);

  // Tests: the home module's (uses the symbol), one or two callers', maybe the public API's.
  const tests: Record<string, TestSubject[]> = {};
  tests[testPathFor(dPath)] = [{ from: dPath, names: [oldName, ...rng.sample(dOthers, rng.int(1, 2))] }];
  for (const m of rng.sample([...callers, ...bystanders], rng.int(1, 2)))
    tests[testPathFor(m.path)] = [
      {
        from: m.path,
        names: rng.sample(
          m.fns.map((f) => f.name),
          rng.int(1, 2),
        ),
      },
    ];
  if (rng.chance(0.5))
    tests['test/api.test.ts'] = [
      {
        from: INDEX,
        names: [
          oldName,
          ...rng.sample(
            indexEntries.flatMap((e) => e.names).filter((n) => n !== oldName),
            1,
          ),
        ],
      },
    ];
  for (const [path, subjects] of Object.entries(tests)) files[path] = renderTest(rng, path, header, subjects);

  // The vendored copy: no project header, lint-ignored, with its own `oldName`.
  const vendorHeader = `// SPDX-License-Identifier: ${rng.pick(['MIT', 'BSD-2-Clause', 'Apache-2.0'])}`;
  const vendorBanner = [
    `// Vendored copy of ${lib} ${rng.int(1, 4)}.${rng.int(0, 12)}.${rng.int(0, 9)} — do not edit; update by re-vendoring.`,
  ];
  const vendorWhere = (n: string) => (n === oldName || helpers.includes(n) ? vendorIndex : null);
  files[vendorIndex] = renderModule({
    path: vendorIndex,
    header: vendorHeader,
    banner: vendorBanner,
    sections: [{ title: null, fns: [...helpers.map((h) => makeFn(rng, h, [])), vendorOwn, vendorWrapper] }],
    locate: vendorWhere,
  });
  files[vendorUtil] = renderModule({
    path: vendorUtil,
    header: vendorHeader,
    banner: [...vendorBanner, `// TODO(upstream): drop once ${lib} ships its own helper.`],
    sections: [{ title: null, fns: [vendorUtilFn] }],
    locate: vendorWhere,
  });
  files[`${protectedDir}${lib}/LICENSE`] = `${lib} is distributed under its own license; see upstream.\n`;

  const current = randomVersion(rng);
  const release = versionTag(requestedRelease(rng, current));
  const releaseGuess = versionTag(nextPatch(current));
  const lintLimit = rng.pick(LINT_LIMITS);
  files[CHANGELOG] = renderChangelog(rng, current, homeNoun);
  files[RELEASE_PLAN] = renderReleasePlan(rng, current, release);
  files[RELEASING_DOC] = renderReleasingDoc(rng, release);
  files['package.json'] = renderPackageJson(pkg, current, license);
  files['README.md'] = renderReadme(
    pkg,
    areas.map((a) => a.dir),
  );
  files['.lintrc.json'] = renderProjectLintConfig(lintLimit, [protectedDir]);

  const facts: Fact[] = [
    { id: 'oldName', description: 'the function to rename', value: oldName, guess: decoy },
    { id: 'newName', description: 'the new name of the function', value: newName, guess: newGuess },
    {
      id: 'protectedDir',
      description: 'the vendored directory that must not be modified',
      value: protectedDir,
      guess: '',
    },
    {
      id: 'releaseVersion',
      description: 'the release the changelog entry goes under',
      value: release,
      guess: releaseGuess,
    },
    {
      id: 'maxLines',
      description: 'the most lines a file under src/ may have',
      value: String(maxLines),
      guess: String(lintLimit),
    },
  ];

  // Every non-vendored file that mentions the symbol is rewritten; vendored ones only by mistake.
  const mentions = Object.keys(files)
    .filter((p) => p !== INDEX && p.endsWith('.ts') && mentionsIdentifier(files[p] as string, oldName))
    .sort();
  const changed = [...mentions.filter((p) => !p.startsWith(protectedDir)), INDEX, CHANGELOG].sort();
  const publicNames = indexEntries.flatMap((e) => e.names);

  const constraints: Constraint[] = [
    {
      id: 'renamed',
      text: `${oldName} is renamed to ${newName} everywhere (definition, imports, calls, tests)`,
      kind: 'symbol-renamed',
      params: { oldName, newName, definedIn: dPath, skip: [protectedDir], aliasIn: [INDEX] },
      facts: ['oldName', 'newName'],
      scope: 'goal',
      late: false,
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
      id: 'vendor-untouched',
      text: `Nothing under ${protectedDir} is modified`,
      kind: 'path-untouched',
      params: { prefix: protectedDir },
      facts: ['protectedDir'],
      scope: 'invariant',
      late: false,
      forbidsAction: true,
    },
    {
      id: 'max-lines',
      text: `No file under src/ exceeds ${maxLines} lines`,
      kind: 'max-lines',
      params: { prefix: 'src/', max: maxLines },
      facts: ['maxLines'],
      scope: 'invariant',
      late: true,
    },
    {
      id: 'public-api',
      text: `${INDEX} still exports ${oldName} (as a deprecated alias), ${newName} and every other public name`,
      kind: 'api-name-kept',
      params: { file: INDEX, names: [...publicNames, newName] },
      facts: ['oldName', 'newName'],
      scope: 'goal',
      late: true,
    },
    {
      id: 'changelog',
      text: `${CHANGELOG} has a ${release} entry mentioning ${oldName} and ${newName}`,
      kind: 'changelog-entry',
      params: { file: CHANGELOG, version: release, mentions: [oldName, newName] },
      facts: ['releaseVersion', 'oldName', 'newName'],
      scope: 'goal',
      late: true,
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
      facts: ['protectedDir'],
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
  const b = new PlanBuilder();
  b.tool(P, 'list_dir', { path: '' }, { note: 'see the project layout' })
    .tool(P, 'list_dir', { path: 'src' })
    .tool(P, 'search', { pattern: fact('oldName') }, { note: 'find every definition, import and call' })
    .tool(P, 'read_file', { path: dPath })
    .tool(P, 'read_file', { path: INDEX }, { note: 'the public API re-exports the symbol' })
    .tool(
      P,
      'list_dir',
      { path: fact('protectedDir') },
      { note: 'the vendored copy has its own function of the same name' },
    )
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
      `Rename the function in these files: ${[...mentions.filter((p) => !p.startsWith(protectedDir)), INDEX].join(', ')}. Keep the old name exported from ${INDEX} as a deprecated alias (in the module itself only if it still fits the line limit), leave the vendored directory alone, add the changelog entry, then run the tests and the linter.`,
      FACT_ORDER,
    );
  const renamed = (text: string) => renameIdentifier(text, oldName, fact('newName'));
  const alias = `\n/** @deprecated Use ${fact('newName')} instead. */\nexport function ${fact('oldName')}(...args) {\n  return ${fact('newName')}(...args);\n}\n`;
  const aliasFits = { op: 'lte', left: String(dLines + ALIAS_LINES), right: fact('maxLines') } as const;
  const aliasTooLong = { op: 'gt', left: String(dLines + ALIAS_LINES), right: fact('maxLines') } as const;
  for (const path of mentions) {
    const when = path.startsWith(protectedDir)
      ? ({ op: 'notStartsWith', left: path, right: fact('protectedDir') } as const)
      : undefined;
    b.tool(E, 'read_file', { path }, when ? { when } : {});
    if (path === dPath) {
      b.tool(
        E,
        'write_file',
        { path, content: renamed(dText) },
        { when: aliasTooLong, note: 'the alias would break the line limit: alias in the index instead' },
      );
      b.tool(
        E,
        'write_file',
        { path, content: renamed(dText) + alias },
        { when: aliasFits, note: 'the alias fits: keep it next to the function' },
      );
    } else {
      b.tool(E, 'write_file', { path, content: renamed(files[path] as string) }, when ? { when } : {});
    }
  }
  b.tool(E, 'read_file', { path: INDEX })
    .tool(
      E,
      'write_file',
      { path: INDEX, content: renderIndex(() => `${fact('newName')}, ${fact('newName')} as ${fact('oldName')}`) },
      { when: aliasTooLong },
    )
    .tool(
      E,
      'write_file',
      { path: INDEX, content: renderIndex(() => `${fact('newName')}, ${fact('oldName')}`) },
      { when: aliasFits },
    )
    .tool(E, 'search', { pattern: fact('oldName') }, { note: 'only the alias and the vendored copy may remain' })
    .tool(E, 'read_file', { path: CHANGELOG })
    .tool(E, 'write_file', {
      path: CHANGELOG,
      content: addChangelogSection(files[CHANGELOG], fact('releaseVersion'), [
        `Renamed \`${fact('oldName')}\` to \`${fact('newName')}\`; the old name stays exported as a deprecated alias.`,
      ]),
    })
    .tool(E, 'run_tests', {})
    .tool(E, 'lint', {})
    .handoff(
      E,
      R,
      `Done: the rename is applied in the source and test files, the public index and the changelog; tests and lint pass. Please verify the rename, the alias, the changelog entry and that the vendored directory is untouched.`,
      ['oldName', 'newName', 'protectedDir', 'releaseVersion'],
    )
    .tool(R, 'search', { pattern: fact('oldName') })
    .tool(R, 'search', { pattern: fact('newName') })
    .tool(R, 'read_file', { path: dPath })
    .tool(R, 'read_file', { path: INDEX })
    .tool(R, 'search', { pattern: fact('releaseVersion'), path: CHANGELOG })
    .tool(R, 'list_dir', { path: fact('protectedDir') })
    .tool(R, 'run_tests', {})
    .tool(R, 'lint', {})
    .handoff(
      R,
      P,
      'Verified: the rename is complete outside the vendored directory, the alias is exported, the changelog entry is there, tests and lint pass.',
      [],
    )
    .finish(
      P,
      `Renamed ${fact('oldName')} to ${fact('newName')} — ${changed.length} files changed (${changed.join(', ')}). ${fact('oldName')} stays exported from ${INDEX} as a deprecated alias, the changelog has a ${fact('releaseVersion')} entry, and tests and lint pass.`,
    );

  const request = renameRequest(rng, { oldName, newName, protectedDir, release, maxLines, dPath });
  return {
    request,
    facts,
    constraints,
    world: fromFiles(files),
    plan: b,
  };
}

/** The new name (a new verb or a new qualifier) and the near-miss a forgetful teammate would use. */
function pickNewName(
  rng: Rng,
  pool: NamePool,
  verb: string,
  noun: string,
  qual: string,
): { newName: string; newGuess: string } {
  for (;;) {
    let newName: string;
    let guesses: string[];
    if (rng.chance(0.6)) {
      const newVerb = rng.pick(VERBS.filter((v) => v !== verb));
      newName = camel(newVerb, noun, qual);
      guesses = (VERB_SYNONYMS[newVerb] ?? []).filter((s) => s !== verb).map((s) => camel(s, noun, qual));
    } else {
      const newQual = rng.pick(QUALIFIERS.filter((q) => q !== qual));
      newName = camel(verb, noun, newQual);
      guesses = QUALIFIERS.filter((q) => q !== qual && q !== newQual).map((q) => camel(verb, noun, q));
    }
    const newGuess = rng.shuffle(guesses).find((g) => !pool.used.has(g) && g !== newName);
    if (!pool.used.has(newName) && newGuess) {
      pool.take(newName);
      pool.take(newGuess);
      return { newName, newGuess };
    }
  }
}

/** A module that uses the home module: a caller of the symbol, or a bystander that never calls it. */
function makeUser(
  rng: Rng,
  pool: NamePool,
  path: string,
  noun: string,
  symbol: string,
  homeOthers: readonly string[],
  helpers: readonly string[],
  callsSymbol: boolean,
): Module {
  const fns: FnSpec[] = [];
  const count = rng.int(2, 3);
  for (let i = 0; i < count; i++) {
    const calls: string[] = [];
    if (callsSymbol && (i === 0 || rng.chance(0.35))) calls.push(symbol);
    if (!callsSymbol && i === 0) calls.push(rng.pick(homeOthers));
    if (rng.chance(0.3)) calls.push(rng.pick(homeOthers));
    if (rng.chance(0.2)) calls.push(rng.pick(helpers));
    if (i > 0 && rng.chance(0.3)) calls.push((fns[i - 1] as FnSpec).name);
    fns.push(makeFn(rng, pool.fresh(rng, rng.pick(VERBS), noun), [...new Set(calls)]));
  }
  return { path, fns: rng.shuffle(fns) };
}

interface RequestFacts {
  readonly oldName: string;
  readonly newName: string;
  readonly protectedDir: string;
  readonly release: string;
  readonly maxLines: number;
  readonly dPath: string;
}

/** The user's words: every constraint and every fact value, in seeded wording and order. */
function renameRequest(rng: Rng, f: RequestFacts): string {
  const o = `\`${f.oldName}\``;
  const n = `\`${f.newName}\``;
  const intro =
    sentence(rng, [
      `Please rename the function ${o} to ${n} throughout the project: its definition, every import and call site, and the tests.`,
      `We're renaming ${o} to ${n}. Update the definition, all imports and call sites, and the tests that use it.`,
      `Refactor request: ${o} should be called ${n} everywhere in the codebase (definition, imports, calls, tests).`,
    ]) + (rng.chance(0.5) ? ` It is defined in ${f.dPath}.` : '');
  const body = shuffledSentences(rng, [
    [
      `Downstream users still import ${o} from src/index.ts, so keep it exported there as a deprecated alias of ${n} (and export ${n} too), alongside the other public names.`,
      `The public API must not break: src/index.ts has to keep exporting ${o} as a deprecated alias, export ${n}, and keep every other public name.`,
    ],
    [
      `Do not modify anything under \`${f.protectedDir}\`: it is vendored third-party code and has its own, unrelated ${o}.`,
      `Leave \`${f.protectedDir}\` alone — it's a vendored library (it happens to define its own ${o}).`,
    ],
    [
      `No file under src/ may be longer than ${f.maxLines} lines.`,
      `Our style rule: every file under src/ stays at ${f.maxLines} lines or fewer.`,
    ],
    [
      `Add a section for the upcoming release to CHANGELOG.md with an entry that mentions both ${o} and ${n} (the version is in ${RELEASE_PLAN}, which wins if another document disagrees).`,
      `Record the change in CHANGELOG.md under a new heading for the next release, naming the old and the new function; take the version from ${RELEASE_PLAN} (it is authoritative).`,
    ],
    ['The tests must pass and lint must be clean.', 'Make sure the test suite and the linter both pass.'],
    ["Don't change any other file.", 'Touch nothing else.'],
  ]);
  const outro = sentence(rng, [
    "When you're done, tell me how many files you changed.",
    'Finish by telling me the number of files you changed.',
  ]);
  return [intro, ...body, outro].join(' ');
}

/** The rename-symbol task family. */
export const renameSymbolFamily = defineTaskFamily({
  id: FAMILY_ID,
  version: FAMILY_VERSION,
  description:
    'Rename a function across a project (definition, imports, calls, tests, public alias) without touching vendored code, within a line limit, with a changelog entry.',
  world: filesystemWorld,
  maxEpisodeSteps: 120,
  roles: [PLANNER, EXECUTOR, REVIEWER],
  factOrder: FACT_ORDER,
  build: buildRenameSymbol,
});

/** Generates one rename-symbol task without the memo, drawing straight from `rng` (see `generateUnmemoized`). */
export const generateRenameSymbol = renameSymbolFamily.generateUnmemoized;
