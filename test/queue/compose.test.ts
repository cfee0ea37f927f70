/**
 * The Docker Compose example of the README (`examples/queue/compose.yaml`) is read as YAML and
 * checked against what the queue needs: Redis with its append-only file and no eviction, and
 * workers of the repository's image pointed at that Redis. (Docker itself is not run here.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect, it } from 'vitest';

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
}

it('describes Redis with AOF and three workers of the faultline image on it', () => {
  const file = join(import.meta.dirname, '../../examples/queue/compose.yaml');
  const compose = parse(readFileSync(file, 'utf8')) as { services: Record<string, Service> };
  const { redis, worker } = compose.services;
  expect(redis?.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
  expect(worker?.build).toBe('../..');
  expect(worker?.command?.slice(0, 3)).toEqual(['worker', '--queue', 'redis://redis:6379/0']);
  expect(worker?.deploy?.replicas).toBe(3);
  // The key comes from the host's environment, never written in the file.
  expect(worker?.environment?.OPENAI_API_KEY).toBe('${OPENAI_API_KEY:-}');
  const dockerfile = readFileSync(join(import.meta.dirname, '../../Dockerfile'), 'utf8');
  expect(dockerfile).toMatch(/ENTRYPOINT \["node", "bin\/faultline\.mjs"\]/);
});
