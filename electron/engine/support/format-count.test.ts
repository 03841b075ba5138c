import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatCount } from './format-count.js';

describe('formatCount', () => {
  it('groups digits by three as en-US does, for any whole count', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(12_345_678)).toBe('12,345,678');
    expect(formatCount(-1_650)).toBe('-1,650');
    fc.assert(fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => formatCount(n) === n.toLocaleString('en-US')), { seed: 7 });
  });
});
