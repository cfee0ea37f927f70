/**
 * `--import my-team.ts` where faultline runs as compiled JavaScript (an installed package): the
 * module loading of src/run/setup.ts is compiled to one JavaScript file and run in a plain `node`
 * process, without any TypeScript loader — on the main thread and in a worker thread, as a run does.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTypeScriptModule } from '../../src/run/ts-loader.js';

const SETUP = fileURLToPath(new URL('../../src/run/setup.ts', import.meta.url));
const TSX_API = import.meta.resolve('tsx/esm/api');

let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-ts-loader-'));
  bundle = join(dir, 'setup.mjs');
  // tsx stays outside the bundle, as in the package: it is resolved from faultline's own install.
  await build({
    entryPoints: [SETUP],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: bundle,
    logLevel: 'silent',
    plugins: [
      {
        name: 'tsx-from-here',
        setup(b) {
          b.onResolve({ filter: /^tsx\/esm\/api$/ }, () => ({ path: TSX_API, external: true }));
        },
      },
    ],
  });
  // Type annotations, an interface, an enum and `satisfies`: none of it is JavaScript.
  const typescript = (name: string) => `interface Seen { readonly name: string }
enum Kind { Team = 'team' }
const seen: Seen = { name: ${JSON.stringify(name)} } satisfies Seen;
(globalThis as unknown as { seen: string[] }).seen ??= [];
(globalThis as unknown as { seen: string[] }).seen.push(\`\${seen.name}:\${Kind.Team}\`);
export const loaded: string = seen.name;
`;
  writeFileSync(join(dir, 'my-team.ts'), typescript('ts'));
  writeFileSync(join(dir, 'other.mts'), typescript('mts'));
  writeFileSync(join(dir, 'plain.mjs'), 'export const loaded = "mjs";\n');
  // A user's project is an ES module package: faultline is one, so a module importing it must be.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(join(dir, 'cjs'));
  writeFileSync(join(dir, 'cjs', 'package.json'), '{ "name": "cjs-project" }\n');
  writeFileSync(join(dir, 'cjs', 'my-team.ts'), typescript('cjs'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs an ES module script in a fresh `node` with no loader, in the temp directory. */
function node(script: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const url = (file: string) => pathToFileURL(join(dir, file)).href;

describe('importing a TypeScript module from compiled faultline', () => {
  it('fails in plain node without the loader (the problem this solves)', () => {
    const r = node(`await import(${JSON.stringify(url('my-team.ts'))});`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('ERR_UNKNOWN_FILE_EXTENSION');
  });

  it('loadModules registers the loader and imports .ts and .mts modules on the main thread', () => {
    const r = node(`
      import { loadModules } from ${JSON.stringify(pathToFileURL(bundle).href)};
      await loadModules([], [${JSON.stringify(url('plain.mjs'))}, ${JSON.stringify(url('my-team.ts'))}, ${JSON.stringify(url('other.mts'))}]);
      console.log(JSON.stringify(globalThis.seen));
    `);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(['ts:team', 'mts:team']);
  });

  it('a worker thread registers its own loader with the same loadModules', () => {
    const r = node(`
      import { Worker } from 'node:worker_threads';
      const code = \`
        import { parentPort } from 'node:worker_threads';
        const { loadModules } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
        await loadModules([], [${JSON.stringify(url('my-team.ts'))}]);
        parentPort.postMessage(globalThis.seen);
      \`;
      const worker = new Worker(code, { eval: true });
      worker.on('message', (seen) => { console.log(JSON.stringify(seen)); void worker.terminate(); });
      worker.on('error', (e) => { console.error(e); process.exitCode = 1; });
    `);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(['ts:team']);
  });

  it('a JavaScript module registers nothing', () => {
    const r = node(`
      import { register } from 'node:module';
      import { importModule } from ${JSON.stringify(pathToFileURL(bundle).href)};
      await importModule(${JSON.stringify(url('plain.mjs'))});
      // Without the loader, TypeScript still fails: importing JavaScript left the thread as it was.
      await import(${JSON.stringify(url('my-team.ts'))}).then(() => console.log('loaded'), (e) => console.log(e.code));
    `);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ERR_UNKNOWN_FILE_EXTENSION');
  });

  it('a .ts module in a CommonJS package is a clear error naming the fix', () => {
    const r = node(`
      import { importModule } from ${JSON.stringify(pathToFileURL(bundle).href)};
      await importModule(${JSON.stringify(url('cjs/my-team.ts'))}).then(() => console.log('loaded'), (e) => console.log(e.message));
    `);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`${join(dir, 'cjs', 'package.json')} has no "type": "module"`);
    expect(r.stdout).toContain('Add "type": "module" to the package.json of your project, or rename the file to .mts.');
  });

  it('knows TypeScript module URLs by extension, ignoring a query or fragment', () => {
    expect(['a.ts', 'file:///x/a.mts?v=1', 'B.CTS', 'c.tsx#x'].map(isTypeScriptModule)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['a.js', 'a.mjs', 'a.d.ts.map', 'file:///ts/a.cjs', 'faultline/teams'].map(isTypeScriptModule)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
