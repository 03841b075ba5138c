/**
 * Reads the coursework's sales.csv: "rowid, product_id, customer_id, price,
 * quantity,timestamp" with a space after most commas, in the header and in the values.
 * Names and values are trimmed; a line that still does not fit is set aside with its
 * line number and reason, never silently dropped.
 */

export const SALES_CSV_COLUMNS = ['rowid', 'product_id', 'customer_id', 'price', 'quantity', 'timestamp'] as const;

export interface RejectedLine {
  line: number;
  text: string;
  reason: string;
}

export interface ParsedSalesCsv {
  /** Values in SALES_CSV_COLUMNS order, already checked. */
  rows: string[][];
  rejected: RejectedLine[];
  /** Plain-words notes on what had to be cleaned up. */
  adaptations: string[];
}

/** Splits one CSV line; double-quoted fields may hold commas and doubled quotes. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

const INT = /^-?\d{1,10}$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?$/;

/** 'YYYY-MM-DD HH:MM:SS' for a valid calendar timestamp, or null. */
export function normaliseTimestamp(value: string): string | null {
  const m = TIMESTAMP.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = ''] = m;
  const date = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  if (date.getUTCFullYear() !== +y || date.getUTCMonth() !== +mo - 1 || date.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) return null;
  return `${y}-${mo}-${d} ${h}:${mi}:${s}${frac}`;
}

export function parseSalesCsv(text: string): ParsedSalesCsv {
  const adaptations: string[] = [];
  const rejected: RejectedLine[] = [];
  const rows: string[][] = [];
  let body = text;
  if (body.startsWith('\uFEFF')) {
    body = body.slice(1);
    adaptations.push('sales.csv starts with a UTF-8 byte-order mark; it was skipped');
  }
  if (body.includes('\r\n')) adaptations.push('sales.csv has Windows line endings (CRLF); they were read as plain line ends');
  const lines = body.split('\n');
  const headerRaw = splitCsvLine((lines[0] ?? '').replace(/\r$/, ''));
  const header = headerRaw.map((h) => h.trim().toLowerCase());
  if (headerRaw.some((h) => h !== h.trim())) {
    adaptations.push(
      `sales.csv's header has spaces around its column names (${headerRaw.map((h) => JSON.stringify(h)).join(', ')}); names and values were trimmed`,
    );
  }
  const positions = SALES_CSV_COLUMNS.map((name) => header.indexOf(name));
  const missing = SALES_CSV_COLUMNS.filter((_, i) => positions[i] < 0);
  if (missing.length) {
    throw new Error(`sales.csv has no column ${missing.map((m) => `'${m}'`).join(', ')} in its header (found: ${header.join(', ')})`);
  }

  const seen = new Set<string>();
  let paddedValues = 0;
  for (let n = 1; n < lines.length; n++) {
    const raw = lines[n].replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const fields = splitCsvLine(raw);
    const reject = (reason: string) => rejected.push({ line: n + 1, text: raw, reason });
    if (fields.length !== header.length) {
      reject(`expected ${header.length} fields, found ${fields.length}`);
      continue;
    }
    const values = positions.map((p) => fields[p]);
    if (values.some((v) => v !== v.trim())) paddedValues++;
    const [rowid, productId, customerId, price, quantity, timestamp] = values.map((v) => v.trim());
    const badInt = ([['rowid', rowid], ['product_id', productId], ['customer_id', customerId], ['price', price], ['quantity', quantity]] as const).find(
      ([, v]) => !INT.test(v) || Math.abs(Number(v)) > 2_147_483_647,
    );
    if (badInt) {
      reject(`${badInt[0]} '${badInt[1]}' is not a whole number`);
      continue;
    }
    const ts = normaliseTimestamp(timestamp);
    if (!ts) {
      reject(`timestamp '${timestamp}' is not a date and time like 2017-11-22 03:53:23`);
      continue;
    }
    if (seen.has(rowid)) {
      reject(`rowid ${rowid} appears more than once`);
      continue;
    }
    seen.add(rowid);
    rows.push([rowid, productId, customerId, price, quantity, ts]);
  }
  if (paddedValues > 0) adaptations.push(`${paddedValues} data lines of sales.csv had spaces around values (e.g. before the timestamp); they were trimmed`);
  if (rejected.length > 0) {
    adaptations.push(`${rejected.length} line(s) of sales.csv could not be read and were set aside (first: line ${rejected[0].line}, ${rejected[0].reason})`);
  }
  return { rows, rejected, adaptations };
}
