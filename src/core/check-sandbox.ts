/**
 * The ambient-nondeterminism sandbox of the env checker (D8): for the duration of one synchronous
 * env call, `Math.random`, `Date`, `performance.now`, timers, `crypto` randomness and
 * `process.hrtime` are replaced by stubs that record the call (with the caller's stack frame)
 * and throw. Envs that swallow the error are still caught, because every call is recorded.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { firstForeignFrame } from './check-rollout.js';

/** What a stubbed global throws. Envs that swallow it are still caught: every call is recorded. */
export class AmbientNondeterminismError extends Error {
  override name = 'AmbientNondeterminismError';
}

/** One recorded use of an ambient source: which API, during which env call, from where. */
export interface AmbientHit {
  readonly api: string;
  readonly phase: string;
  readonly step: number;
  readonly frame: string | null;
}

type Hit = (api: string) => never;

interface AmbientSite {
  readonly api: string;
  readonly target: () => object | undefined;
  readonly key: string;
  readonly stub: (hit: Hit) => unknown;
  /** Named exports of a builtin module: refresh ESM bindings after patching. */
  readonly builtin?: boolean;
}

// The real globals, captured once at module load: the stubs below replace them only for the
// duration of one synchronous reset/step call and put back whatever was there before.
const REAL_DATE = globalThis.Date;
const requireBuiltin = createRequire(import.meta.url);
const nodeCrypto = requireBuiltin('node:crypto') as Record<string, unknown>;

function dateStub(hit: Hit): unknown {
  const Stub = function (this: unknown, ...args: unknown[]) {
    if (new.target === undefined) hit('Date (called as a function)');
    if (args.length === 0) hit('the Date constructor without arguments');
    const made: unknown = Reflect.construct(REAL_DATE, args, new.target);
    return made;
  } as unknown as DateConstructor & { now: () => number };
  Object.defineProperty(Stub, 'prototype', { value: REAL_DATE.prototype });
  Stub.now = () => hit('Date.now');
  (Stub as { UTC: unknown }).UTC = REAL_DATE.UTC;
  (Stub as { parse: unknown }).parse = REAL_DATE.parse;
  return Stub;
}

function hrtimeStub(hit: Hit): unknown {
  const fn = (() => hit('process.hrtime')) as (() => never) & { bigint: () => never };
  fn.bigint = () => hit('process.hrtime.bigint');
  return fn;
}

const AMBIENT_SITES: readonly AmbientSite[] = [
  { api: 'Math.random', target: () => Math, key: 'random', stub: (hit) => () => hit('Math.random') },
  { api: 'Date', target: () => globalThis, key: 'Date', stub: dateStub },
  {
    api: 'performance.now',
    target: () => globalThis.performance,
    key: 'now',
    stub: (hit) => () => hit('performance.now'),
  },
  { api: 'setTimeout', target: () => globalThis, key: 'setTimeout', stub: (hit) => () => hit('setTimeout') },
  { api: 'setInterval', target: () => globalThis, key: 'setInterval', stub: (hit) => () => hit('setInterval') },
  { api: 'setImmediate', target: () => globalThis, key: 'setImmediate', stub: (hit) => () => hit('setImmediate') },
  {
    api: 'crypto.randomUUID',
    target: () => globalThis.crypto,
    key: 'randomUUID',
    stub: (hit) => () => hit('crypto.randomUUID'),
  },
  {
    api: 'crypto.getRandomValues',
    target: () => globalThis.crypto,
    key: 'getRandomValues',
    stub: (hit) => () => hit('crypto.getRandomValues'),
  },
  { api: 'process.hrtime', target: () => process, key: 'hrtime', stub: hrtimeStub },
  ...['randomUUID', 'randomBytes', 'randomInt', 'randomFillSync', 'getRandomValues'].map((key): AmbientSite => ({
    api: `node:crypto ${key}`,
    target: () => nodeCrypto,
    key,
    stub: (hit) => () => hit(`${key} from node:crypto`),
    builtin: true,
  })),
];

/**
 * Runs `fn` with every ambient source of randomness and time replaced by a stub that records the
 * call and throws. Restores the previous globals in `finally`, and reports an env that replaced
 * one of them for good.
 */
export function sandboxed<T>(phase: string, step: number, hits: AmbientHit[], fn: () => T): T {
  const hit: Hit = (api) => {
    hits.push({ api, phase, step, frame: firstForeignFrame(new Error().stack) });
    throw new AmbientNondeterminismError(
      `${api} was called during ${phase}; the env checker forbids ambient randomness and real time`,
    );
  };
  const installed: Array<{
    target: object;
    key: string;
    previous: PropertyDescriptor | undefined;
    stub: unknown;
    api: string;
  }> = [];
  let builtin = false;
  try {
    for (const site of AMBIENT_SITES) {
      const target = site.target();
      if (!target) continue;
      const previous = Object.getOwnPropertyDescriptor(target, site.key);
      // Frozen bindings (e.g. node:crypto's getRandomValues) cannot be stubbed; the other sites still catch most uses.
      if (previous && !previous.configurable) continue;
      const stub = site.stub(hit);
      Object.defineProperty(target, site.key, {
        value: stub,
        writable: true,
        configurable: true,
        enumerable: previous?.enumerable ?? false,
      });
      installed.push({ target, key: site.key, previous, stub, api: site.api });
      builtin ||= site.builtin === true;
    }
    if (builtin) syncBuiltinESMExports();
    return fn();
  } finally {
    for (const p of installed.reverse()) {
      if ((p.target as Record<string, unknown>)[p.key] !== p.stub)
        hits.push({ api: `${p.api} (replaced for good)`, phase, step, frame: null });
      if (p.previous) Object.defineProperty(p.target, p.key, p.previous);
      else delete (p.target as Record<string, unknown>)[p.key];
    }
    if (builtin) syncBuiltinESMExports();
  }
}
