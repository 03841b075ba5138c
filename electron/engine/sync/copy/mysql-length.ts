/**
 * The length-coded integers that prefix each value of a MySQL text-protocol row packet:
 * one byte below 0xfb, else a tag (0xfc, 0xfd, 0xfe) and 2, 3 or 8 little-endian bytes.
 * 0xfb alone is SQL NULL. Small enough for V8 to inline into the row loops that call it.
 */
export const MYSQL_NULL = 0xfb;

/** Bytes the length-coded integer whose first byte is `tag` takes, tag included. */
export function lengthCodedBytes(tag: number): number {
  return tag < 0xfc ? 1 : tag === 0xfc ? 3 : tag === 0xfd ? 4 : 9;
}

/** The value of the length-coded integer at buf[pos] (not NULL: its tag is not 0xfb). */
export function lengthCodedValue(buf: Buffer, pos: number): number {
  const tag = buf[pos];
  if (tag < 0xfb) return tag;
  if (tag === 0xfc) return buf[pos + 1] | (buf[pos + 2] << 8);
  if (tag === 0xfd) return buf[pos + 1] | (buf[pos + 2] << 8) | (buf[pos + 3] << 16);
  return buf.readUInt32LE(pos + 1) + buf.readUInt32LE(pos + 5) * 0x100000000;
}
