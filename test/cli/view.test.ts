/**
 * `faultline view DIR` against a real run directory, over real HTTP: the report (written when
 * missing) and the run's files with their content types; nothing outside DIR whatever the path
 * (`..`, encoded, absolute, backslashes, NUL, symlinks out of DIR); other hosts and methods
 * refused; clear errors for a directory that is not a run and for a port that is taken or invalid.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startView } from '../../src/cli/view-command.js';
import { contentTypeOf, type RunDirServer } from '../../src/cli/view-server.js';
import { cliInProcess } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'faultline-view-'));
const dir = join(root, 'run');
const SECRET = 'TOP SECRET: outside the run directory';
let server: RunDirServer;
const printed: string[] = [];

beforeAll(async () => {
  const r = await cliInProcess([
    'run',
    '--env',
    'deploy/rollout-v2',
    '--team',
    'oracle,brittle',
    '--seeds',
    '0-1',
    '--perturb',
    'production',
    '--out',
    dir,
  ]);
  expect(r.code, r.stderr).toBe(0);
  writeFileSync(join(root, 'secret.txt'), SECRET);
  mkdirSync(join(root, 'outside'));
  writeFileSync(join(root, 'outside', 'secret.txt'), SECRET);
  symlinkSync(join(root, 'secret.txt'), join(dir, 'link-out.txt'));
  symlinkSync(join(root, 'outside'), join(dir, 'dir-out'));
  symlinkSync(join(dir, 'summary.json'), join(dir, 'link-in.json'));
  server = await startView(dir, { out: { isTTY: false, write: (s: string) => printed.push(s) > 0 } });
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A request sent exactly as given: fetch would normalise `..` and `%2e%2e` away before sending. */
function raw(
  path: string,
  options: { method?: string; host?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${server.port}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('faultline view', () => {
  it('writes the missing report, prints the URL (no "Ctrl-C" when not on a terminal), and serves it at /', async () => {
    expect(printed.join('')).toBe(
      `Report: ${join(dir, 'report.html')} (written: it was missing)\nServing ${dir} at ${server.url}\n`,
    );
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toBe(readFileSync(join(dir, 'report.html'), 'utf8'));
    expect(html).toMatch(/^<!doctype html>/i);
  });

  it("serves the run's files with their content types, and HEAD without a body", async () => {
    const summary = await fetch(new URL('summary.json', server.url));
    expect(summary.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await summary.json()).toEqual(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')));
    const file = readdirSync(join(dir, 'trajectories'))[0] as string;
    const trajectory = await fetch(new URL(`trajectories/${encodeURIComponent(file)}`, server.url));
    expect(trajectory.status).toBe(200);
    expect(trajectory.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await trajectory.text()).toBe(readFileSync(join(dir, 'trajectories', file), 'utf8'));
    const head = await fetch(new URL('episodes.jsonl', server.url), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(statSync(join(dir, 'episodes.jsonl')).size);
    expect(await head.text()).toBe('');
    // A symlink that stays inside the directory is fine.
    expect((await fetch(new URL('link-in.json', server.url))).status).toBe(200);
    expect(contentTypeOf('x.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('x.bin')).toBe('application/octet-stream');
  });

  it.each([
    '/../secret.txt',
    '/../../../../../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/.%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/trajectories/..%2f..%2fsecret.txt',
    '/trajectories/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    `/${join(root, 'secret.txt')}`,
    `//${join(root, 'secret.txt')}`,
    '/link-out.txt',
    '/dir-out/secret.txt',
    '/summary.json%00.html',
    '/%',
    '/trajectories',
    `http://127.0.0.1/../secret.txt`,
  ])('never serves anything outside DIR: %s', async (path) => {
    const res = await raw(path);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('TOP SECRET');
    expect(res.body).not.toContain('root:');
  });

  it('refuses other hosts (DNS rebinding) and methods that write', async () => {
    const rebound = await raw('/summary.json', { host: `attacker.example:${server.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain(`open http://127.0.0.1:${server.port}/`);
    expect((await raw('/summary.json', { host: `localhost:${server.port}` })).status).toBe(200);
    const post = await raw('/summary.json', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('keeps a report already written, and says when the port is taken', async () => {
    const before = statSync(join(dir, 'report.html')).mtimeMs;
    const out: string[] = [];
    const again = await startView(dir, { out: { isTTY: true, write: (s: string) => out.push(s) > 0 } });
    await again.close();
    expect(statSync(join(dir, 'report.html')).mtimeMs).toBe(before);
    expect(out.join('')).toMatch(/^Serving .* at http:\/\/127\.0\.0\.1:\d+\/\nCtrl-C to stop\n$/);
    await expect(startView(dir, { port: server.port, out: { write: () => true } })).rejects.toThrow(
      `--port: got ${server.port}, expected a port no other program listens on. Fix: pass another --port, or leave it out to take a free port.`,
    );
  });

  it('answers a directory that is not a run, and a bad --port, with the value and the fix (exit 2)', async () => {
    const empty = join(root, 'outside');
    const notRun = await cliInProcess(['view', empty]);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toBe(
      `faultline: DIR: got ${JSON.stringify(empty)}, expected a run directory written by \`faultline run --out DIR\` (${empty} has no summary.json and no episodes.jsonl). Fix: pass the --out directory of a finished run.\n`,
    );
    const missing = await cliInProcess(['view', join(root, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(root, 'nope')} is not a directory`);
    const port = await cliInProcess(['view', dir, '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port: got "70000", expected a whole number in 0..65535');
  });
});
