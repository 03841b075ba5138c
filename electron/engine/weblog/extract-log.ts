import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { ByteSearch } from './byte-search.js';
import type { logTimeFormats, logValidations } from '../../../shared/pipeline/kinds/log.extract.js';
import { isGzip, lineChunks } from './input.js';
import { newFieldSpans, parseLine } from './parse-line.js';
import { FIELD_INDEX, logFields, type LogField, type LogFormat } from './fields.js';
import { fieldText, isNull, isVerbatim, timeToIsoUtc, zeroOffsetTimeToIso } from './decode.js';
import { Quarantine } from './quarantine.js';
import { OutputBuffer } from '../tasks/tabular/output-buffer.js';
import { writeValue, writeValueBytes } from '../tasks/tabular/encode.js';
import type { TableFormat } from '../tasks/tabular/format.js';

export type TimeFormat = (typeof logTimeFormats)[number];

/**
 * kept-fields: a line is malformed only when a field the task keeps cannot be read,
 * so "keep the IP" behaves like `cut -d" " -f1` on a truncated line.
 * whole-line: every line must match the format to the end.
 */
export type Validation = (typeof logValidations)[number];

export interface ExtractLogOptions {
  input: string;
  format: LogFormat;
  fields: readonly LogField[];
  output: string;
  outputFormat: TableFormat;
  /** Column names as the first line (tsv/csv only). */
  header: boolean;
  time: TimeFormat;
  validation: Validation;
  quarantineFile: string;
  signal: AbortSignal;
  onProgress?: (counts: LogCounts) => void;
}

export interface LogCounts {
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
  bytesRead: number;
}

export interface ExtractLogResult extends LogCounts {
  gzip: boolean;
  /** The quarantine file, when any line was rejected. */
  quarantine: string | null;
  /** Rejected lines per reason. */
  reasons: Record<string, number>;
  quarantineSummary: string | null;
}

/**
 * Streams an Apache access log (plain or gzip) into a TXT/TSV/CSV file holding the
 * chosen fields. Works on the bytes: lines and fields are found with indexOf on each
 * chunk, raw fields are copied as slices into a reused output buffer, and strings are
 * made only for values that need converting (timestamps, escaped quotes).
 */
/** A leap second (:60) must roll over into the next minute, which only Date does. */
function notLeapSecond(buf: Buffer, s: number): boolean {
  return buf[s + 18] !== 0x36;
}

export async function extractLog(o: ExtractLogOptions): Promise<ExtractLogResult> {
  if (o.fields.length === 0) throw new Error('fields: keep at least one field');
  if (o.outputFormat === 'txt' && o.fields.length > 1) {
    throw new Error(`outputFormat: txt holds one field per line, but ${o.fields.length} fields are kept; choose tsv or csv`);
  }
  const keep = o.fields.map((f) => FIELD_INDEX[f]);
  const upTo = o.validation === 'whole-line' ? logFields.length - 1 : Math.max(...keep);
  const txt = o.outputFormat === 'txt';
  const iso = o.time === 'iso-utc';
  const sep = o.outputFormat === 'csv' ? 0x2c : 0x09;
  const tsvOrTxt = o.outputFormat !== 'csv';
  const DASH = Buffer.from('-');

  const gzip = await isGzip(o.input);
  await mkdir(path.dirname(o.output), { recursive: true });
  const quarantine = new Quarantine(o.quarantineFile);
  await quarantine.reset();
  const handle = await open(o.output, 'w');
  const out = new OutputBuffer(handle);
  const search = new ByteSearch();
  const spans = newFieldSpans();
  const counts: LogCounts = { rowsRead: 0, rowsWritten: 0, rowsRejected: 0, bytesRead: 0 };
  // Neighbouring lines mostly share a second: convert each distinct timestamp once.
  const lastTime = Buffer.alloc(26);
  let lastTimeIso = '';
  const isoBytes = Buffer.alloc(20);

  try {
    if (o.header && !txt) {
      o.fields.forEach((f, i) => {
        if (i > 0) out.byte(sep);
        writeValue(out, o.outputFormat, f);
      });
      out.byte(0x0a);
    }
    for await (const chunk of lineChunks(o.input, o.signal)) {
      search.reset(chunk);
      counts.bytesRead += chunk.length;
      let pos = 0;
      while (pos < chunk.length) {
        let nl = chunk.indexOf(0x0a, pos);
        if (nl < 0) nl = chunk.length;
        counts.rowsRead++;
        const reason = parseLine(search, pos, nl, o.format, upTo, spans);
        if (reason !== null) {
          quarantine.add(counts.rowsRead, reason, chunk, pos, nl);
          counts.rowsRejected++;
        } else {
          // Most lines hold no byte that TSV/TXT must escape and no backslash escape to
          // undo: their fields are copied straight. Searching forward line by line keeps
          // the searches linear over the chunk.
          const clean = tsvOrTxt && search.find(0x5c, pos, nl) < 0 && search.find(0x09, pos, nl) < 0 && search.find(0x0d, pos, nl) < 0;
          for (let k = 0; k < keep.length; k++) {
            const f = keep[k]!;
            if (k > 0) out.byte(sep);
            const s = spans[f * 2]!;
            if (clean && f !== 3 && s >= 0 && (txt || !isNull(chunk, spans, f))) {
              out.bytes(chunk, s, spans[f * 2 + 1]!);
            } else if (txt) {
              // cut-like: the log's own text, "-" where the line has no such field.
              if (s < 0) out.bytes(DASH, 0, 1);
              else if (f === 3 && iso) out.text(timeToIsoUtc(chunk, s));
              else if (isVerbatim(chunk, spans, f)) writeValueBytes(out, 'txt', chunk, s, spans[f * 2 + 1]!);
              else writeValue(out, 'txt', fieldText(chunk, spans, f));
            } else if (isNull(chunk, spans, f)) {
              writeValue(out, o.outputFormat, null);
            } else if (f === 3 && iso) {
              if (notLeapSecond(chunk, s) && zeroOffsetTimeToIso(chunk, s, isoBytes)) {
                out.bytes(isoBytes, 0, 20);
                continue;
              }
              if (lastTimeIso === '' || lastTime.compare(chunk, s, s + 26) !== 0) {
                chunk.copy(lastTime, 0, s, s + 26);
                lastTimeIso = timeToIsoUtc(chunk, s);
              }
              out.text(lastTimeIso);
            } else if (isVerbatim(chunk, spans, f)) {
              writeValueBytes(out, o.outputFormat, chunk, s, spans[f * 2 + 1]!);
            } else {
              writeValue(out, o.outputFormat, fieldText(chunk, spans, f));
            }
          }
          out.byte(0x0a);
          counts.rowsWritten++;
        }
        pos = nl + 1;
      }
      await out.flushIfBig();
      await quarantine.flush();
      o.onProgress?.({ ...counts });
    }
    await out.flush();
  } finally {
    await handle.close();
    await quarantine.close();
  }
  o.onProgress?.({ ...counts });
  return {
    ...counts,
    gzip,
    quarantine: quarantine.count > 0 ? quarantine.file : null,
    reasons: Object.fromEntries(quarantine.reasons),
    quarantineSummary: quarantine.count > 0 ? quarantine.summary() : null,
  };
}
