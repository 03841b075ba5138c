import { lineChunks } from '../../weblog/input.js';
import type { TableFormat } from '../tabular/format.js';

const BACKSLASH = 0x5c;
const TAB = 0x09;
const CR = 0x0d;

/**
 * A TXT line is one literal value, but COPY's text format reads backslashes and tabs as
 * escapes and delimiters: escape them (rare, so only chunks that hold one are rewritten).
 */
function escapeTxt(chunk: Buffer): Buffer {
  if (chunk.indexOf(BACKSLASH) < 0 && chunk.indexOf(TAB) < 0 && chunk.indexOf(CR) < 0) return chunk;
  const out = Buffer.allocUnsafe(chunk.length * 2);
  let j = 0;
  for (let k = 0; k < chunk.length; k++) {
    const b = chunk[k]!;
    if (b === BACKSLASH) { out[j++] = BACKSLASH; out[j++] = BACKSLASH; }
    else if (b === TAB) { out[j++] = BACKSLASH; out[j++] = 0x74; }
    else if (b === CR && chunk[k + 1] === 0x0a) continue;
    else if (b === CR) { out[j++] = BACKSLASH; out[j++] = 0x72; }
    else out[j++] = b;
  }
  return out.subarray(0, j);
}

/**
 * The file as COPY input: whole lines, the header line skipped, a missing last newline
 * added, TXT escaped. Lines are counted as they pass (CSV rows with quoted newlines
 * are counted by COPY's own row count instead).
 */
export async function* copyChunks(file: string, format: TableFormat, header: boolean, signal: AbortSignal): AsyncGenerator<Buffer> {
  let skip = header && format !== 'txt';
  for await (let chunk of lineChunks(file, signal)) {
    if (skip) {
      skip = false;
      const nl = chunk.indexOf(0x0a);
      chunk = nl < 0 ? chunk.subarray(chunk.length) : chunk.subarray(nl + 1);
      if (chunk.length === 0) continue;
    }
    if (chunk[chunk.length - 1] !== 0x0a) chunk = Buffer.concat([chunk, Buffer.from('\n')]);
    yield format === 'txt' ? escapeTxt(chunk) : chunk;
  }
}

/** Gathers chunks into pieces of about `bytes`, for engines that take COPY input whole (PGlite). */
export async function* rechunk(chunks: AsyncIterable<Buffer>, bytes: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  for await (const c of chunks) {
    if (size > 0 && size + c.length > bytes) {
      yield Buffer.concat(parts, size);
      parts = [];
      size = 0;
    }
    parts.push(c);
    size += c.length;
  }
  if (size > 0) yield Buffer.concat(parts, size);
}
