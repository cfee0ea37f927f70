/**
 * The last bytes of a stream (an agent program's stderr), kept within a fixed size however much
 * the program writes, for the error message of an episode it failed.
 */

/** Keeps the last `limit` bytes written to it. */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  /** Appends a chunk, dropping the oldest bytes beyond the limit. */
  push(chunk: Buffer): void {
    this.chunks.push(chunk.length > this.limit ? chunk.subarray(chunk.length - this.limit) : chunk);
    this.size += Math.min(chunk.length, this.limit);
    while (this.size > this.limit && this.chunks.length > 0) {
      const first = this.chunks[0] as Buffer;
      const excess = this.size - this.limit;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  /** The kept bytes as text (a character cut at the start becomes U+FFFD), trimmed. */
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8').trim();
  }
}
