import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatEta, formatPercent, formatRate, progressFraction } from './format.js';

describe('progress and ETA formatting', () => {
  it('says how long is left, rounded up, in words a user reads at a glance', () => {
    expect(formatEta(null)).toBe('estimating…');
    expect(formatEta(400)).toBe('less than a second');
    expect(formatEta(1_001)).toBe('2 s left');
    expect(formatEta(59_000)).toBe('59 s left');
    expect(formatEta(125_000)).toBe('2 min 05 s left');
    expect(formatEta(3_600_000 + 3 * 60_000)).toBe('1 h 03 min left');
  });

  it('formats durations from milliseconds to hours', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2_449)).toBe('2.4 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatDuration(2 * 3_600_000 + 3 * 60_000)).toBe('2 h 03 min');
  });

  it('keeps short counts plain (as SQL prints them) and groups long ones', () => {
    expect(formatCount(1650)).toBe('1650');
    expect(formatCount(12289)).toBe('12,289');
    expect(formatCount(1_000_000)).toBe('1,000,000');
  });

  it('scales rows per second', () => {
    expect(formatRate(0)).toBe('0 rows/s');
    expect(formatRate(950)).toBe('950 rows/s');
    expect(formatRate(95_210)).toBe('95.2k rows/s');
    expect(formatRate(1_020_000)).toBe('1.02M rows/s');
  });

  it('computes the bar fraction only when the total is known, capped at 100%', () => {
    expect(progressFraction(50, null)).toBeNull();
    expect(progressFraction(50, 0)).toBeNull();
    expect(progressFraction(825, 1650)).toBe(0.5);
    expect(progressFraction(2000, 1650)).toBe(1);
    expect(formatPercent(progressFraction(1649, 1650))).toBe('99%');
  });
});
