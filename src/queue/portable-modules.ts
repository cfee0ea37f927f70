/**
 * The modules a run's episodes need, in a form that travels to other machines. Paths differ from
 * machine to machine, so a job names faultline's own setup modules by role (`builtins`, `llm`,
 * `team-cmd`: each worker loads its own copy) and the run's `--import` modules by file name and
 * SHA-256 of their content: a worker runs a job only with the very same module, passed to it with
 * its own `--import`, so a team changed on one machine can never mix its results into a run.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FaultlineError } from '../core/errors.js';
import { BUILTINS_SETUP } from '../builtins.js';
import { LLM_SETUP } from '../llm/setup-url.js';
import { COMMAND_TEAM_SETUP } from '../serve/command-team/setup-url.js';
import { setupUrl, type SetupEntry } from '../run/setup.js';

/** faultline's setup modules, by the role a job names them with. */
const SETUP_MODULES = { builtins: BUILTINS_SETUP, llm: LLM_SETUP, 'team-cmd': COMMAND_TEAM_SETUP } as const;

/** A setup module's role. */
export type SetupRole = keyof typeof SETUP_MODULES;

/** The setup roles, for validating jobs. */
export const SETUP_ROLES = Object.keys(SETUP_MODULES) as SetupRole[];

/** A setup entry as a job carries it: a role, and the options its `setup(options)` is called with. */
export interface PortableSetup {
  readonly module: SetupRole;
  readonly options?: unknown;
}

/** An `--import` module as a job names it. */
export interface ModuleRef {
  /** Its file name, for messages (`my-team.ts`). */
  readonly name: string;
  /** SHA-256 of its content (hex). */
  readonly sha256: string;
}

/** The portable form of a run's setup entries; a setup module other than faultline's own is refused. */
export function portableSetup(entries: readonly SetupEntry[]): PortableSetup[] {
  return entries.map((entry) => {
    const url = setupUrl(entry);
    const role = SETUP_ROLES.find((r) => SETUP_MODULES[r] === url);
    if (role === undefined)
      throw new FaultlineError(
        `A run on a queue cannot use the setup module ${url}: workers on other machines load only faultline's own setup modules. Register your teams and envs in a module passed with --import (workers are started with the same --import).`,
      );
    return typeof entry === 'string' ? { module: role } : { module: role, options: entry.options };
  });
}

/** The setup entries of a job's portable setup, as this process's module URLs. */
export function localSetup(entries: readonly PortableSetup[]): SetupEntry[] {
  return entries.map((e) =>
    e.options === undefined ? SETUP_MODULES[e.module] : { url: SETUP_MODULES[e.module], options: e.options },
  );
}

/** The reference of an `--import` module URL: its name and the SHA-256 of its file. */
export function moduleRef(url: string): ModuleRef {
  if (!url.startsWith('file:'))
    throw new FaultlineError(
      `A run on a queue can import only files (got ${url}): workers check each module by the SHA-256 of its content. Pass a path to the module's file.`,
    );
  const path = fileURLToPath(url);
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (e) {
    throw new FaultlineError(`Cannot read the module ${path} (${(e as Error).message}). Check the --import path.`);
  }
  return { name: basename(path), sha256: createHash('sha256').update(content).digest('hex') };
}

/**
 * The local URLs of the modules a job requires, from a worker's own `--import` modules (by
 * content), or an error that says which module is missing and how to start the worker.
 */
export function matchImports(
  required: readonly ModuleRef[],
  available: ReadonlyMap<string, { readonly url: string; readonly ref: ModuleRef }>,
): { readonly urls: string[] } | { readonly error: string } {
  const urls: string[] = [];
  for (const ref of required) {
    const local = available.get(ref.sha256);
    if (local) {
      urls.push(local.url);
      continue;
    }
    const sameName = [...available.values()].find((a) => a.ref.name === ref.name);
    const mine = [...available.values()].map((a) => `${a.ref.name} (${a.ref.sha256.slice(0, 12)})`);
    return {
      error: sameName
        ? `this worker's ${ref.name} differs from the run's (sha256 ${sameName.ref.sha256.slice(0, 12)}… here, ${ref.sha256.slice(0, 12)}… in the run): its results would not be the run's. Start the worker with --import the same version of ${ref.name}`
        : `this worker has no module ${ref.name} (sha256 ${ref.sha256.slice(0, 12)}…) — its --import modules: ${mine.length > 0 ? mine.join(', ') : 'none'}. Start the worker with --import ${ref.name} (the same file the run imports)`,
    };
  }
  return { urls };
}
