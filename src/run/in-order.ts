/**
 * Puts items that finish out of order (several workers, several episodes in flight) back in plan
 * order, holding only those that wait for an earlier one — a window about the size of the work in
 * flight, not the run.
 */
export class InOrder<T> {
  readonly #waiting = new Map<number, T>();
  #next = 0;

  /** `emit` receives the items in rank order; ranks are 0, 1, 2 … with gaps allowed only at the end (see {@link flush}). */
  constructor(private readonly emit: (item: T) => void) {}

  /** Adds the item of `rank`, emitting it and every item it unblocks. */
  add(rank: number, item: T): void {
    this.#waiting.set(rank, item);
    for (let next = this.#waiting.get(this.#next); next !== undefined; next = this.#waiting.get(this.#next)) {
      this.#waiting.delete(this.#next);
      this.#next++;
      this.emit(next);
    }
  }

  /** Emits what still waits (a run stopped early leaves gaps), in rank order. */
  flush(): void {
    const ranks = [...this.#waiting.keys()].sort((a, b) => a - b);
    for (const rank of ranks) this.emit(this.#waiting.get(rank) as T);
    this.#waiting.clear();
  }
}
