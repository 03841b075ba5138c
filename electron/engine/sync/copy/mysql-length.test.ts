import { describe, expect, it } from 'vitest';
import { lengthCodedBytes, lengthCodedValue, MYSQL_NULL } from './mysql-length.js';

/** The length-coded form MySQL writes for n (protocol::LengthEncodedInteger). */
function encode(n: number): Buffer {
  if (n < 0xfb) return Buffer.from([n]);
  if (n < 2 ** 16) return Buffer.from([0xfc, n & 0xff, n >> 8]);
  if (n < 2 ** 24) return Buffer.from([0xfd, n & 0xff, (n >> 8) & 0xff, n >> 16]);
  const b = Buffer.alloc(9);
  b[0] = 0xfe;
  b.writeUInt32LE(n % 2 ** 32, 1);
  b.writeUInt32LE(Math.floor(n / 2 ** 32), 5);
  return b;
}

describe('MySQL length-coded integers', () => {
  it('reads back every width MySQL writes, at the edges of each, and says how many bytes it took', () => {
    for (const n of [0, 1, 0xfa, 0xfb, 0xfc, 0xffff, 0x10000, 0xffffff, 0x1000000, 2 ** 32 + 5, 2 ** 40]) {
      const at = Buffer.concat([Buffer.from([0x99]), encode(n), Buffer.from([0x99])]);
      expect(lengthCodedValue(at, 1)).toBe(n);
      expect(lengthCodedBytes(at[1])).toBe(encode(n).length);
    }
  });

  it('NULL is a single byte of its own', () => {
    expect(lengthCodedBytes(MYSQL_NULL)).toBe(1);
  });
});
