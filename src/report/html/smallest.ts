/**
 * Keeping the k smallest items of a stream under a total order, in bounded memory. The report
 * uses it to pick drill-downs (first failed episodes by key) and the handoff sample (smallest
 * hashes of episode ids: a uniform sample that does not depend on the order `episodes.jsonl`
 * was written in, which varies with the number of workers).
 */
export class SmallestK<T> {
  private items: T[] = [];
  private seen = 0;

  constructor(
    private readonly k: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  /** Offers an item. */
  add(item: T): void {
    this.seen++;
    if (this.k <= 0) return;
    this.items.push(item);
    // Trim in batches: sorting 2k items every k additions keeps the cost linear in the stream.
    if (this.items.length >= 2 * this.k + 16) this.trim();
  }

  /** Items offered so far. */
  get offered(): number {
    return this.seen;
  }

  /** The k smallest items, sorted. */
  result(): T[] {
    this.trim();
    return [...this.items];
  }

  private trim(): void {
    this.items.sort(this.compare);
    if (this.items.length > this.k) this.items.length = this.k;
  }
}
