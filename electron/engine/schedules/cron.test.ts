import { describe, expect, it } from 'vitest';
import { CronExpressionError, nextRunTimes } from './cron.js';

describe('cron expressions', () => {
  it('gives the next run times in the schedule time zone, across a DST change', () => {
    const from = new Date('2026-03-27T12:00:00Z');
    const runs = nextRunTimes('0 2 * * *', 'Europe/Berlin', 3, from).map((d) => d.toISOString());
    // 02:00 CET is 01:00 UTC; on 29 March 02:00 does not exist in Berlin (clocks jump to 03:00).
    expect(runs[0]).toBe('2026-03-28T01:00:00.000Z');
    expect(runs[2]).toBe('2026-03-30T00:00:00.000Z');
    expect(nextRunTimes('*/15 * * * *', 'UTC', 5, new Date('2026-01-01T00:07:00Z')).map((d) => d.toISOString())).toEqual([
      '2026-01-01T00:15:00.000Z', '2026-01-01T00:30:00.000Z', '2026-01-01T00:45:00.000Z', '2026-01-01T01:00:00.000Z', '2026-01-01T01:15:00.000Z',
    ]);
    expect(nextRunTimes('@daily', 'UTC', 1, new Date('2026-01-01T10:00:00Z'))[0]!.toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });

  it('says plainly what is wrong with a bad expression or time zone', () => {
    const err = (cron: string, tz?: string) => {
      try {
        nextRunTimes(cron, tz, 1);
      } catch (e) {
        if (e instanceof CronExpressionError) return [e.field, e.message];
      }
      return null;
    };
    expect(err('0 2 * *')).toEqual(['cron', "'0 2 * *' has 4 fields; a cron expression has 5 (minute hour day month weekday) or 6 (seconds first)"]);
    expect(err('61 * * * *')![1]).toMatch(/Invalid cron expression '61 \* \* \* \*': .*minute/);
    expect(err('0 2 * * *', 'Mars/Olympus')).toEqual(['timezone', "Unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Berlin or UTC)"]);
  });
});
