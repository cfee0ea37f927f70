/**
 * How many attempts of each job run on one worker: usually one, two when the worker took a job
 * again after losing its lock while the earlier attempt ran on (see retaken-jobs.ts).
 */
export class AttemptCounts {
  private readonly counts = new Map<string, number>();

  /** Notes that an attempt of `id` started; returns how many were running before it. */
  start(id: string): number {
    const before = this.counts.get(id) ?? 0;
    this.counts.set(id, before + 1);
    return before;
  }

  /** Notes that an attempt of `id` ended. */
  end(id: string): void {
    const left = (this.counts.get(id) ?? 1) - 1;
    if (left > 0) this.counts.set(id, left);
    else this.counts.delete(id);
  }

  /** Jobs with at least one attempt running. */
  get size(): number {
    return this.counts.size;
  }

  /** The ids of the jobs with an attempt running. */
  ids(): string[] {
    return [...this.counts.keys()];
  }
}
