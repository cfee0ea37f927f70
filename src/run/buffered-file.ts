/**
 * A new file written through one buffer, in large writes: the rewrites of `episodes.jsonl` append
 * thousands of lines, one write call each would be a syscall per line.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** Bytes held before a write (a few pages: fresh memory costs a page fault per 4 KB). */
const BUFFER_BYTES = 1 << 18;

/** Appends to a new file in large writes. */
export class BufferedFile {
  readonly #fd: number;
  readonly #buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  #used = 0;

  /** Creates (or empties) the file at `path`. */
  constructor(readonly path: string) {
    this.#fd = openSync(path, 'w');
  }

  /** Appends `bytes`. */
  write(bytes: Buffer): void {
    if (this.#used + bytes.length > this.#buffer.length) this.#flush();
    if (bytes.length > this.#buffer.length) writeSync(this.#fd, bytes);
    else this.#used += bytes.copy(this.#buffer, this.#used);
  }

  /** Writes what is held and closes the file. */
  close(): void {
    this.#flush();
    closeSync(this.#fd);
  }

  /** Closes the file without writing what is held (the caller deletes or ignores it). */
  abandon(): void {
    closeSync(this.#fd);
  }

  #flush(): void {
    let done = 0;
    while (done < this.#used) done += writeSync(this.#fd, this.#buffer, done, this.#used - done);
    this.#used = 0;
  }
}
