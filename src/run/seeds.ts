/**
 * Parsing seed lists such as `0-49`, `3,5,8` or `0-9,100`.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { assertSeed, type Seed } from '../core/rng.js';

const MAX_SEEDS = 1_000_000;

/** Parses a seed list; ranges are inclusive. Duplicates are removed and the result sorted. */
export function parseSeedList(text: string): Seed[] {
  const out = new Set<Seed>();
  for (const part of String(text).split(',')) {
    const p = part.trim();
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(p);
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      assertSeed(lo, '--seeds');
      assertSeed(hi, '--seeds');
      if (hi < lo)
        throw new InvalidArgumentError('--seeds', text, 'ranges written low-high, e.g. 0-49', `write ${hi}-${lo}`);
      if (hi - lo + 1 + out.size > MAX_SEEDS)
        throw new InvalidArgumentError('--seeds', text, `at most ${MAX_SEEDS} seeds`, 'use a smaller range or --shard');
      for (let s = lo; s <= hi; s++) out.add(s);
    } else if (/^\d+$/.test(p)) {
      const s = Number(p);
      assertSeed(s, '--seeds');
      out.add(s);
    } else {
      throw new InvalidArgumentError(
        '--seeds',
        text,
        'comma-separated seeds or inclusive ranges, e.g. 0-49 or 1,5,9 or 0-9,100',
        'write --seeds 0-49',
      );
    }
  }
  return [...out].sort((a, b) => a - b);
}
