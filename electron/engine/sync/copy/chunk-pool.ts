/**
 * COPY chunks handed back once the socket has sent them, and filled again.
 *
 * A sync writes its whole table through 256 KiB chunks. Left to the garbage collector,
 * each sent chunk stays allocated outside V8's heap until a full collection, which V8
 * starts only once enough such memory has piled up: 10-50 MiB of sent chunks between
 * collections, the longer the run the higher the peak (measured on 10 M rows), and a
 * full collection forced every ~100-200 ms to free them. Reused, the chunks in use are the ones in the
 * read-ahead and in the socket, whatever the size of the table.
 *
 * Only the writer that knows the bytes have left the process may give a chunk back
 * (pg-warehouse.ts, once its socket has nothing left to send); a chunk that is never
 * given back is simply collected as before.
 */
export class ChunkPool {
  private readonly free: ArrayBuffer[] = [];

  constructor(
    readonly chunkBytes: number,
    /** Chunks kept for reuse at most; more given back are left to the collector. */
    private readonly maxFree = 32,
  ) {}

  /** A chunk of chunkBytes, reused when one is free. Its contents are whatever it held before. */
  take(): Buffer {
    const reused = this.free.pop();
    return reused ? Buffer.from(reused) : Buffer.allocUnsafeSlow(this.chunkBytes);
  }

  /**
   * Hands back a chunk from `take` (or a view of one that starts at its first byte, as
   * encoders emit): the caller promises nothing reads or writes it any more. Anything
   * else (a smaller first chunk, a chunk made for one large value) is ignored.
   */
  give(chunk: Buffer): void {
    const memory = chunk.buffer;
    if (chunk.byteOffset !== 0 || !(memory instanceof ArrayBuffer) || memory.byteLength !== this.chunkBytes) return;
    if (this.free.length < this.maxFree && !this.free.includes(memory)) this.free.push(memory);
  }

  /** Chunks waiting to be reused. */
  get available(): number {
    return this.free.length;
  }
}
