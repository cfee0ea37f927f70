/**
 * faultline as a user installs it: the working tree packed by `npm pack` (which builds it) and
 * installed from the tarball into an empty project, where every public subpath is imported (ESM)
 * and required (CommonJS), one episode runs through the library both ways (and after each subpath
 * imported first), `npx faultline` answers `--version`, `list` and `docs` and runs, on 2 workers, a team
 * that a user's `--import` module registers; the tarball ships its LICENSE and no source map that
 * points at a missing file. Then the build that `npm pack` left in the copy serves `FAULTLINE_DIST=1`.
 * It builds and installs (a minute or more of CPU), so it runs in `npm run test:full` only.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEpisode } from 'faultline';
import { findTeam } from 'faultline/teams';
import { apiExports } from '../public/api-report.js';
import { copyCheckout, pack, ROOT, run } from './pack.js';

const EPISODE = { env: 'filesystem/rename-symbol-v1', seed: 0, perturb: 'production' } as const;
const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund'];

interface PackageJson {
  readonly version: string;
  readonly license: string;
  readonly peerDependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;

/** Each subpath's run-time names, as the committed API report reads them from the sources. */
const SURFACE: Record<string, string[]> = Object.fromEntries(
  apiExports().map((s) => [s.subpath, s.exports.filter((e) => e.runtime).map((e) => e.name)]),
);
const SUBPATHS = Object.keys(SURFACE);

/** A subpath as a module loaded it: its names, or the error it threw. */
type Loaded = { names: string[] } | { code: string; message: string };

/** A script that loads every subpath with `load` and prints `Record<subpath, Loaded>` as JSON. */
function probeScript(load: 'await import' | 'require'): string {
  return `const out = {};
for (const s of ${JSON.stringify(SUBPATHS)}) {
  try {
    out[s] = { names: Object.keys(${load}(s)).filter((n) => n !== 'module.exports') };
  } catch (e) {
    out[s] = { code: e.code, message: String(e.message).split('\\n')[0] };
  }
}
console.log(JSON.stringify(out));
`;
}

const EPISODE_ESM = `import { runEpisode } from 'faultline';
import { findTeam } from 'faultline/teams';
const r = await runEpisode({ ...${JSON.stringify(EPISODE)}, team: findTeam('oracle') });
console.log([r.digest, r.outcome, r.perturbations.plan.length].join(' '));
`;

/** {@link EPISODE_ESM}, after importing first the subpath named by the first argument (dynamic imports: static ones would be hoisted above it). */
const EPISODE_AFTER = `await import(process.argv[2]);
const { runEpisode } = await import('faultline');
const { findTeam } = await import('faultline/teams');
const r = await runEpisode({ ...${JSON.stringify(EPISODE)}, team: findTeam('oracle') });
console.log([r.digest, r.outcome, r.perturbations.plan.length].join(' '));
`;

const EPISODE_CJS = `const { runEpisode } = require('faultline');
const { findTeam } = require('faultline/teams');
runEpisode({ ...${JSON.stringify(EPISODE)}, team: findTeam('oracle') }).then((r) => {
  console.log([r.digest, r.outcome, r.perturbations.plan.length].join(' '));
});
`;

/**
 * A user's team module, as `--import` loads it in the command and in every worker thread: it finds
 * the oracle that the command registered and registers a team of its own, both through the public
 * entry. Were the entry a second copy of faultline's modules beside the command's, neither would
 * be seen (the registries would be two).
 */
const MY_TEAM = `import { findTeam, registerTeam } from 'faultline/teams';
const oracle = findTeam('oracle');
if (!oracle) throw new Error('my-team.mjs: the oracle is not registered where this module looks');
registerTeam({ id: 'my-oracle', description: 'the oracle, registered by a user module', privileged: true, createAgents: (start) => oracle.createAgents(start) });
`;

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string, at = dir): string[] {
  return readdirSync(at, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(dir, join(at, e.name)) : [relative(dir, join(at, e.name))],
  );
}

let temp = '';
let copy = '';
let project = '';
let installed = '';

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'faultline-package-'));
  copy = copyCheckout(temp);
  const packs = join(temp, 'packs');
  const tarball = pack(copy, packs);
  // An empty project of a CommonJS user (no "type"): the scripts say .mjs or .cjs themselves.
  project = join(temp, 'my-evals');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'my-evals', private: true }, null, 2)}\n`);
  run('npm', [...NPM_INSTALL, tarball], project);
  installed = join(project, 'node_modules', 'faultline');
  writeFileSync(join(project, 'probe.mjs'), probeScript('await import'));
  writeFileSync(join(project, 'probe.cjs'), probeScript('require'));
  writeFileSync(join(project, 'episode.mjs'), EPISODE_ESM);
  writeFileSync(join(project, 'episode.cjs'), EPISODE_CJS);
  writeFileSync(join(project, 'episode-after.mjs'), EPISODE_AFTER);
  writeFileSync(join(project, 'my-team.mjs'), MY_TEAM);
}, 900_000);

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
}, 300_000); // the project's node_modules: thousands of files

/** What `node script` in the project printed on its last line, parsed as a probe's JSON. */
function probe(script: string): Record<string, Loaded> {
  const out = run('node', [script], project).stdout.trim().split('\n');
  return JSON.parse(out[out.length - 1] ?? '{}') as Record<string, Loaded>;
}

describe('the packed tarball', () => {
  it('ships the MIT LICENSE, and no source map or map reference that points at a missing file', () => {
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 /);
    expect(PKG.license).toBe('MIT');
    const files = filesUnder(installed);
    expect(files).toContain('dist/src/public/index.js');
    const shipped = new Set(files.map((f) => resolve(installed, f)));
    const broken: string[] = [];
    for (const file of files) {
      const path = join(installed, file);
      if (/\.(?:m?js|d\.ts)$/.test(file)) {
        const ref = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(path, 'utf8'))?.[1];
        if (ref && !ref.startsWith('data:') && !shipped.has(resolve(dirname(path), ref)))
          broken.push(`${file} → ${ref}`);
      }
      if (file.endsWith('.map')) {
        const map = JSON.parse(readFileSync(path, 'utf8')) as { sources?: string[]; sourceRoot?: string };
        for (const source of map.sources ?? []) {
          const target = resolve(dirname(path), map.sourceRoot ?? '', source);
          if (!shipped.has(target)) broken.push(`${file} → ${source}`);
        }
      }
    }
    expect(broken, `references to files the package does not ship (${broken.length})`).toEqual([]);
  });
});

describe('faultline installed from its tarball into an empty project', () => {
  it('imports and requires every public subpath but the adapters; those name the optional peer they need', () => {
    const peers = Object.keys(PKG.peerDependencies);
    for (const [kind, loaded] of [
      ['import', probe('probe.mjs')],
      ['require', probe('probe.cjs')],
    ] as const) {
      for (const subpath of SUBPATHS) {
        const got = loaded[subpath];
        if (got && 'names' in got) {
          expect(got.names.sort(), `${kind}('${subpath}')`).toEqual([...(SURFACE[subpath] ?? [])].sort());
          continue;
        }
        // Without its optional peers an adapter subpath cannot load: Node's own error names the package.
        expect(
          ['faultline/agents-sdk', 'faultline/ai-sdk', 'faultline/langgraph', 'faultline/otel'],
          JSON.stringify(got),
        ).toContain(subpath);
        expect(got?.code, `${kind}('${subpath}'): ${JSON.stringify(got)}`).toBe('ERR_MODULE_NOT_FOUND');
        const named = peers.find((p) => got?.message.includes(`'${p}'`));
        expect(named, `${kind}('${subpath}') must name an optional peer: ${got?.message}`).toBeDefined();
      }
    }
  }, 120_000);

  it('imports and requires every public subpath, each with the names of the API report, once the optional peers are installed', () => {
    // The versions the checkout develops against (its devDependencies): npm's cache already has them.
    const peers = Object.keys(PKG.peerDependencies).map(
      (p) => `${p}@${PKG.devDependencies[p] ?? PKG.peerDependencies[p]}`,
    );
    run('npm', [...NPM_INSTALL, ...peers], project);
    for (const [kind, loaded] of [
      ['import', probe('probe.mjs')],
      ['require', probe('probe.cjs')],
    ] as const) {
      const names = Object.fromEntries(
        SUBPATHS.map((s) => {
          const got = loaded[s];
          return [s, got && 'names' in got ? got.names.sort() : got];
        }),
      );
      const expected = Object.fromEntries(SUBPATHS.map((s) => [s, [...(SURFACE[s] ?? [])].sort()]));
      expect(names, `${kind} of every subpath`).toEqual(expected);
    }
  }, 300_000);

  it('runs one episode through the library from ESM and from CommonJS, with the digest of the sources', async () => {
    const oracle = findTeam('oracle');
    expect(oracle, 'the oracle team is registered').toBeDefined();
    const r = await runEpisode({ ...EPISODE, team: oracle! });
    const expected = [r.digest, r.outcome, r.perturbations.plan.length].join(' ');
    expect(r.outcome).toBe('success');
    expect(r.perturbations.plan.length).toBeGreaterThan(0);
    expect(run('node', ['episode.mjs'], project).stdout.trim()).toBe(expected);
    expect(run('node', ['episode.cjs'], project).stdout.trim()).toBe(expected);
    // Whichever subpath a process imports first, the bundle's shared modules run in an order that
    // leaves the registries and the engine as they are: the same episode, the same digest.
    for (const subpath of SUBPATHS)
      expect(run('node', ['episode-after.mjs', subpath], project).stdout.trim(), `after ${subpath}`).toBe(expected);
  }, 180_000);

  it('answers `npx faultline --version` with the package version and `npx faultline list` with the envs and teams', () => {
    expect(run('npx', ['--no-install', 'faultline', '--version'], project).stdout.trim()).toBe(PKG.version);
    const list = run('npx', ['--no-install', 'faultline', 'list'], project).stdout;
    expect(list).toContain(EPISODE.env);
    expect(list).toMatch(/\boracle\b/);
    // The reference tables, without the library example: the package ships no examples/.
    const docs = run('npx', ['--no-install', 'faultline', 'docs'], project).stdout;
    expect(docs).toContain('<!-- envs -->');
    expect(docs).toContain(EPISODE.env);
    expect(docs).not.toContain('<!-- example -->');
  }, 120_000);

  it('runs a team that an --import module registers through faultline/teams, on 2 workers: one copy of the registries', () => {
    const args = ['run', '--import', './my-team.mjs', '--env', EPISODE.env, '--team', 'my-oracle', '--seeds', '0-3'];
    const ran = run(
      'npx',
      ['--no-install', 'faultline', ...args, '--workers', '2', '--out', 'runs/mine', '--json'],
      project,
    );
    const summary = JSON.parse(ran.stdout) as { cells: { team: string; episodes: number; successes: number }[] };
    expect(summary.cells.map((c) => [c.team, c.episodes, c.successes])).toEqual([['my-oracle', 4, 4]]);
    const episodes = readFileSync(join(project, 'runs', 'mine', 'episodes.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(episodes).toHaveLength(4);
  }, 120_000);
});

describe('FAULTLINE_DIST=1 in a checkout', () => {
  // The copy that `npm pack` just built: its dist/ is current. A line added to the compiled entry
  // shows which of the two ran (the sources never print it).
  const marker = 'ran the compiled dist/';
  const bin = (): string => join(copy, 'bin', 'faultline.mjs');

  it('runs the compiled dist/ when no source changed since `npm run build`, and the sources without it', () => {
    expect(existsSync(join(copy, 'dist', 'build.json')), 'npm pack builds through prepack').toBe(true);
    const main = join(copy, 'dist', 'src', 'cli', 'main.js');
    // Appended, after the shebang and the imports: it runs when the module is loaded, before bin/ calls main().
    writeFileSync(main, `${readFileSync(main, 'utf8')}\nprocess.stderr.write(${JSON.stringify(`${marker}\n`)});\n`);
    const fromDist = run('node', [bin(), 'list'], copy, { env: { FAULTLINE_DIST: '1' } });
    expect(fromDist.stderr).toContain(marker);
    expect(fromDist.stdout).toContain(EPISODE.env);
    const fromSources = run('node', [bin(), 'list'], copy);
    expect(fromSources.stderr).not.toContain(marker);
    expect(fromSources.stdout).toBe(fromDist.stdout);
    // Files of the checkout beside dist/ are found from it as from the sources: the example of `docs`.
    const docs = run('node', [bin(), 'docs'], copy, { env: { FAULTLINE_DIST: '1' } });
    expect(docs.stdout).toBe(run('node', [bin(), 'docs'], copy).stdout);
    expect(docs.stdout).toContain('<!-- example -->');
  }, 120_000);

  it('refuses an out-of-date dist/, naming the changed file and `npm run build`, and an unknown value', () => {
    const changed = join(copy, 'environments');
    const file = filesUnder(changed).find((f) => f.endsWith('.ts'));
    expect(file).toBeDefined();
    const later = new Date(Date.now() + 2_000);
    utimesSync(join(changed, file as string), later, later);
    const stale = run('node', [bin(), 'list'], copy, { env: { FAULTLINE_DIST: '1' }, expectStatus: 2 });
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toContain(`environments/${file as string} changed at`);
    expect(stale.stderr).toContain('Run `npm run build`');
    expect(stale.stderr).not.toContain(marker);

    const unknown = run('node', [bin(), 'list'], copy, { env: { FAULTLINE_DIST: 'yes' }, expectStatus: 2 });
    expect(unknown.stderr).toContain('FAULTLINE_DIST="yes" is not understood: expected 1');
  }, 120_000);
});
