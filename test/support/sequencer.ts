/**
 * The order test files start in. Vitest starts the files that took longest last time first, but
 * a fresh clone (CI) has no timings and starts the largest files first, which left the longest
 * sweeps to start last and run alone at the end: the run took the length of its tail. The files
 * below are the long ones (measured on 2 cores); they start first, in this order, whatever the
 * cache says, and every other file keeps vitest's own order behind them.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The longest files of `npm test`, longest first (paths from the repository root). */
export const LONGEST_FIRST = [
  'test/metrics/validity.test.ts',
  'test/environments/filesystem/families.test.ts',
  'test/perturb/catalog.test.ts',
  'test/agents/baselines.test.ts',
  'test/environments/variants.test.ts',
  'test/run/runner.test.ts',
  'test/environments/pipeline/team.test.ts',
  'test/team/variants.test.ts',
];

/** Vitest's order, with {@link LONGEST_FIRST} moved to the front of their project. */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const projectOrder = new Map<string, number>();
    for (const file of sorted)
      if (!projectOrder.has(file.project.name)) projectOrder.set(file.project.name, projectOrder.size);
    const rank = (file: TestSpecification): number => {
      const at = LONGEST_FIRST.findIndex((path) => file.moduleId.endsWith(`/${path}`));
      return at < 0 ? LONGEST_FIRST.length : at;
    };
    return sorted
      .map((file, index) => ({ file, index }))
      .sort(
        (a, b) =>
          (projectOrder.get(a.file.project.name) ?? 0) - (projectOrder.get(b.file.project.name) ?? 0) ||
          rank(a.file) - rank(b.file) ||
          a.index - b.index,
      )
      .map(({ file }) => file);
  }
}
