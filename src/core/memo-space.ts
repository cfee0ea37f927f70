/**
 * Memos that share one WeakMap entry per object. Analyses that run after every step keep values
 * per state object (a directory, a file) in WeakMaps, and a step makes new objects, each of which
 * every memo then adds to its own WeakMap. Adding an entry to a WeakMap is dear: about 0.3 µs,
 * and the collector's work on its table after that (doubling the entries added by a
 * filesystem step made its median 1.2–3.3 µs dearer). A space gives each memo a slot in one
 * record per object instead, so that a new object costs one entry whatever the number of memos
 * that keep something for it. The filesystem world's memos in two spaces (directories, files)
 * add 1.2 WeakMap entries per step of split-module instead of 3.2, and made its clean step and
 * those of rename-symbol and research-to-config 3–7% cheaper (alternated runs, best and mean).
 *
 * Like a WeakMap, a space does not keep its objects alive: a record lives as long as its object.
 */

/** One memo of a {@link MemoSpace}: a value per object, as a WeakMap would keep it. */
export interface MemoSlot<K extends object, V> {
  /** The value kept for `key`, or undefined. */
  get(key: K): V | undefined;
  /** Keeps `value` for `key` (undefined forgets it). */
  set(key: K, value: V | undefined): void;
}

/** A set of memos over objects of one kind, sharing one record per object. */
export class MemoSpace<K extends object> {
  readonly #records = new WeakMap<K, unknown[]>();
  #slots = 0;

  /** A new memo in this space. Make slots once, at module load: each adds to every record's length. */
  slot<V>(): MemoSlot<K, V> {
    const index = this.#slots++;
    const records = this.#records;
    return {
      get(key: K): V | undefined {
        return records.get(key)?.[index] as V | undefined;
      },
      set: (key: K, value: V | undefined): void => {
        let record = records.get(key);
        if (record === undefined) {
          if (value === undefined) return;
          // Every slot present from the start: the record's elements stay packed.
          record = new Array<unknown>(this.#slots).fill(undefined);
          records.set(key, record);
        }
        record[index] = value;
      },
    };
  }
}
