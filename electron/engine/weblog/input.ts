import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

const READ_CHUNK = 4 << 20;

/** Gzip is told by its magic bytes (1f 8b), not by the file name: logs get renamed. */
export async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** A stream of the file's bytes, decompressed when it is gzip. */
export async function openInput(file: string): Promise<{ stream: Readable; gzip: boolean; close(): void }> {
  const gzip = await isGzip(file);
  const raw = createReadStream(file, { highWaterMark: READ_CHUNK });
  if (!gzip) return { stream: raw, gzip, close: () => raw.destroy() };
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  raw.on('error', (err) => gunzip.destroy(err));
  const stream = raw.pipe(gunzip);
  return { stream, gzip, close: () => { raw.destroy(); gunzip.destroy(); } };
}

/**
 * Reads a text file (plain or gzip) as chunks that each hold whole lines: every chunk
 * ends with a newline except the file's last line when it has none. Memory stays at a
 * few chunks whatever the file size; consumers search the bytes, never split strings.
 */
export async function* lineChunks(file: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const { stream, close } = await openInput(file);
  let carry: Buffer | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      let from = 0;
      if (carry) {
        const nl = chunk.indexOf(0x0a);
        if (nl < 0) {
          carry = Buffer.concat([carry, chunk]);
          continue;
        }
        yield Buffer.concat([carry, chunk.subarray(0, nl + 1)]);
        carry = null;
        from = nl + 1;
      }
      const last = chunk.lastIndexOf(0x0a);
      if (last >= from) yield chunk.subarray(from, last + 1);
      const rest = last >= from ? last + 1 : from;
      if (rest < chunk.length) carry = Buffer.from(chunk.subarray(rest));
    }
    if (carry && carry.length > 0) yield carry;
  } finally {
    close();
  }
}
