import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { logLineSchema, type LogLine } from '../../../shared/runs/run.js';

/**
 * A sparse index of an NDJSON log: the byte offset of every INDEX_EVERY-th line. A slice
 * of a million-line log then costs one seek and a short read, not a parse of the file.
 */
export const INDEX_EVERY = 1000;

export interface LogIndex {
  /** offsets[i] = byte offset of line i * INDEX_EVERY. */
  offsets: number[];
  lines: number;
  bytes: number;
}

export function emptyIndex(): LogIndex {
  return { offsets: [], lines: 0, bytes: 0 };
}

/** One streaming pass over a finished log (a run from history); only complete lines count. */
export async function buildLogIndex(file: string): Promise<LogIndex> {
  const index = emptyIndex();
  let position = 0;
  let lineStart = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      const buf = chunk as Buffer;
      let at = buf.indexOf(0x0a);
      while (at !== -1) {
        if (index.lines % INDEX_EVERY === 0) index.offsets.push(lineStart);
        index.lines++;
        lineStart = position + at + 1;
        at = buf.indexOf(0x0a, at + 1);
      }
      position += buf.length;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  index.bytes = lineStart;
  return index;
}

const CHUNK = 1 << 20;

/** Lines [offset, offset + limit) of the log; a line that does not parse is shown as written, not dropped. */
export async function readLogSlice(file: string, index: LogIndex, runId: string, offset: number, limit: number): Promise<LogLine[]> {
  if (offset >= index.lines || limit <= 0) return [];
  const end = Math.min(index.lines, offset + limit);
  const block = Math.floor(offset / INDEX_EVERY);
  let skip = offset - block * INDEX_EVERY;
  let lineNo = block * INDEX_EVERY;
  const out: LogLine[] = [];
  const handle = await open(file, 'r');
  try {
    let position = index.offsets[block];
    let carry: Buffer = Buffer.alloc(0);
    const buf = Buffer.allocUnsafe(CHUNK);
    while (lineNo < end && position < index.bytes) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(CHUNK, index.bytes - position), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data = carry.length ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
      let start = 0;
      let at = data.indexOf(0x0a);
      while (at !== -1 && lineNo < end) {
        if (skip > 0) skip--;
        else out.push(parseLine(data.toString('utf8', start, at), runId, lineNo));
        lineNo++;
        start = at + 1;
        at = data.indexOf(0x0a, start);
      }
      carry = Buffer.from(data.subarray(start));
    }
  } finally {
    await handle.close();
  }
  return out;
}

function parseLine(text: string, runId: string, seq: number): LogLine {
  try {
    const parsed = logLineSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: show the damaged line rather than hide it
  }
  return { runId, seq, time: '', level: 'warn', message: text };
}
