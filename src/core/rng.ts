/**
 * Seeded randomness for worlds, perturbations and agents.
 *
 * Every random draw in faultline goes through an {@link Rng}. Its whole state is four numbers
 * ({@link RngState}) that live inside the env state, so a snapshot of the state is a snapshot of
 * the randomness too and replay is exact. Subsystems never share a stream: each takes
 * `rng.fork(label)`, so adding draws in one subsystem never shifts another's.
 */
import seedrandom from 'seedrandom';
import { InvalidArgumentError } from './errors.js';

/** A non-negative 32-bit integer. Seeds are always explicit and always recorded. */
export type Seed = number;

/** JSON-serializable state of the alea generator. */
export interface RngState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

type AleaPrng = seedrandom.PRNG & { state(): RngState };
type AleaFactory = (seed: string, options: { state: boolean | RngState }) => AleaPrng;
const alea = seedrandom.alea as unknown as AleaFactory;

const UINT32 = 0x1_0000_0000;

/** True when `value` is an integer in [0, 2^32). */
export function isSeed(value: unknown): value is Seed {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < UINT32;
}

/**
 * Throws a clear error unless `value` is a valid uint32 seed.
 * @param field - the name of the argument, used in the message
 */
export function assertSeed(value: unknown, field = 'seed'): asserts value is Seed {
  if (!isSeed(value)) {
    throw new InvalidArgumentError(
      field,
      value,
      'an integer in [0, 4294967295]',
      `pass a whole number such as ${field}: 42 (parseSeed() also accepts "42" or a git sha)`,
    );
  }
}

/**
 * Parses a seed from text: a decimal integer, or any other string (for example a git commit sha),
 * which is hashed down to 32 bits so CI can use the commit as a reproducible seed.
 */
export function parseSeed(text: string): Seed {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const value = Number(trimmed);
    assertSeed(value, 'seed');
    return value;
  }
  if (trimmed.length === 0) throw new InvalidArgumentError('seed', text, 'a non-empty string', 'pass e.g. "42"');
  return hashString(trimmed);
}

/** FNV-1a over UTF-16 code units, finished with a murmur3 avalanche. Stable across platforms. */
export function hashString(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return avalanche(h);
}

function avalanche(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Derives a child seed from a seed and a path of labels, e.g. `deriveSeed(7, 'agent', 'planner')`.
 * Pure: it never touches any generator.
 */
export function deriveSeed(seed: Seed, ...path: ReadonlyArray<string | number>): Seed {
  let h = avalanche(seed ^ 0x9e3779b9);
  for (const part of path) h = hashString(`${typeof part}:${part}`, h);
  return h;
}

/**
 * A seeded pseudo-random generator (seedrandom's alea) whose state can be exported and restored.
 * Instances are cheap; materialize one from state, draw, and write `state()` back.
 */
export class Rng {
  readonly #prng: AleaPrng;

  private constructor(prng: AleaPrng) {
    this.#prng = prng;
  }

  /** A fresh stream from a uint32 seed. */
  static fromSeed(seed: Seed): Rng {
    assertSeed(seed);
    return new Rng(alea(`faultline:${seed}`, { state: true }));
  }

  /** Continues the stream captured by {@link Rng.state}. */
  static fromState(state: RngState): Rng {
    return new Rng(alea('', { state: { c: state.c, s0: state.s0, s1: state.s1, s2: state.s2 } }));
  }

  /** The current state: a plain object of four numbers. */
  state(): RngState {
    const s = this.#prng.state();
    return { c: s.c, s0: s.s0, s1: s.s1, s2: s.s2 };
  }

  /** A float in [0, 1). */
  float(): number {
    return this.#prng();
  }

  /** A uint32. */
  uint32(): number {
    return this.#prng.int32() >>> 0;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new InvalidArgumentError(
        'int(min, max)',
        [min, max],
        'integers with min <= max',
        'swap or round the bounds',
      );
    }
    return min + Math.floor(this.#prng() * (max - min + 1));
  }

  /** True with probability `p` (0..1). */
  chance(p: number): boolean {
    return p > 0 && this.#prng() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0)
      throw new InvalidArgumentError('pick(items)', items, 'a non-empty array', 'check the list before picking');
    return items[Math.floor(this.#prng() * items.length)] as T;
  }

  /** A shuffled copy (Fisher-Yates); the input is untouched. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.#prng() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** `count` distinct elements, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, Math.min(count, items.length)));
  }

  /** A key chosen with probability proportional to its (non-negative) weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const keys = Object.keys(weights) as K[];
    let total = 0;
    for (const k of keys) total += Math.max(0, weights[k]);
    if (total <= 0)
      throw new InvalidArgumentError(
        'weighted(weights)',
        weights,
        'at least one positive weight',
        'give some key a weight > 0',
      );
    let r = this.#prng() * total;
    for (const k of keys) {
      r -= Math.max(0, weights[k]);
      if (r < 0) return k;
    }
    return keys[keys.length - 1] as K;
  }

  /**
   * An independent child stream, determined by this stream's current state and `label`.
   * Forking does not consume draws from the parent, so it never shifts the parent's sequence.
   */
  fork(label: string): Rng {
    const s = this.#prng.state();
    const mix = hashString(`${s.c}|${s.s0}|${s.s1}|${s.s2}|${label}`);
    return Rng.fromSeed(mix);
  }
}
