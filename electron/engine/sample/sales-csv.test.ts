import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSoftcartFixturesDir } from './fixtures-dir.js';
import { normaliseTimestamp, parseSalesCsv } from './sales-csv.js';

describe('parseSalesCsv', () => {
  it('reads every line of the coursework file, trimming the spaces after its commas', async () => {
    const text = await readFile(path.join(defaultSoftcartFixturesDir(), 'sales.csv'), 'utf8');
    const parsed = parseSalesCsv(text);
    expect(parsed.rows).toHaveLength(12186);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.rows[0]).toEqual(['104', '8972', '58516', '4277', '5', '2017-11-22 03:53:23']);
    expect(parsed.adaptations.join('\n')).toMatch(/header has spaces around its column names .*trimmed/);
    expect(parsed.adaptations.join('\n')).toMatch(/12186 data lines of sales.csv had spaces around values/);
  });

  it('sets bad lines aside with their line numbers instead of dropping them', () => {
    const text = '\uFEFFrowid, product_id, customer_id, price, quantity,timestamp\r\n' +
      '1,2,3,4,5, 2020-01-01 10:00:00\r\n' +
      '2,2,3,4\r\n' +
      '3,x,3,4,5, 2020-01-01 10:00:00\r\n' +
      '4,2,3,4,5, 2020-02-30 10:00:00\r\n' +
      '1,2,3,4,5, 2020-01-01 10:00:01\r\n' +
      '5,2,3,4,5,2020-01-02\r\n';
    const parsed = parseSalesCsv(text);
    expect(parsed.rows).toEqual([
      ['1', '2', '3', '4', '5', '2020-01-01 10:00:00'],
      ['5', '2', '3', '4', '5', '2020-01-02 00:00:00'],
    ]);
    expect(parsed.rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, 'expected 6 fields, found 4'],
      [4, "product_id 'x' is not a whole number"],
      [5, "timestamp '2020-02-30 10:00:00' is not a date and time like 2017-11-22 03:53:23"],
      [6, 'rowid 1 appears more than once'],
    ]);
    const notes = parsed.adaptations.join('\n');
    expect(notes).toMatch(/byte-order mark/);
    expect(notes).toMatch(/CRLF/);
    expect(notes).toMatch(/4 line\(s\) of sales.csv could not be read and were set aside \(first: line 3/);
  });

  it('finds columns by name, whatever their order and case', () => {
    const parsed = parseSalesCsv('Timestamp,QUANTITY,price,customer_id,product_id,rowid\n2021-05-06 07:08:09,2,300,40,50,6\n');
    expect(parsed.rows).toEqual([['6', '50', '40', '300', '2', '2021-05-06 07:08:09']]);
  });

  it('says which column is missing', () => {
    expect(() => parseSalesCsv('rowid,product_id,customer_id,quantity\n1,2,3,4\n')).toThrow(/no column 'price', 'timestamp'/);
  });

  it('accepts only real calendar timestamps', () => {
    expect(normaliseTimestamp('2017-11-22 03:53:23')).toBe('2017-11-22 03:53:23');
    expect(normaliseTimestamp('2017-11-22T03:53')).toBe('2017-11-22 03:53:00');
    expect(normaliseTimestamp('2017-13-01 00:00:00')).toBeNull();
    expect(normaliseTimestamp('2017-11-22 24:00:00')).toBeNull();
    expect(normaliseTimestamp('22/11/2017')).toBeNull();
  });
});
