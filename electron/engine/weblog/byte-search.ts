/**
 * Finds bytes inside one line of a big chunk without rescanning. Buffer.indexOf has no
 * end bound, so a miss would scan to the end of the chunk on every line (quadratic on
 * a file where a byte never occurs). Remembering the next occurrence of each byte keeps
 * the total work linear: a remembered position at or after `from` is still the first one.
 */
export class ByteSearch {
  private buf: Buffer = Buffer.alloc(0);
  private readonly next = new Int32Array(256).fill(-1);
  private readonly from = new Int32Array(256);

  reset(buf: Buffer): void {
    this.buf = buf;
    this.next.fill(-1);
    this.from.fill(0);
  }

  get buffer(): Buffer {
    return this.buf;
  }

  /** Index of `byte` in [from, end), or -1. */
  find(byte: number, from: number, end: number): number {
    let at = this.next[byte]!;
    // A backward query cannot trust the remembered position: search again.
    if (at < from || from < this.from[byte]!) {
      at = this.buf.indexOf(byte, from);
      if (at < 0) at = this.buf.length; // none until the end of the chunk
      this.next[byte] = at;
      this.from[byte] = from;
    }
    return at < end ? at : -1;
  }
}
