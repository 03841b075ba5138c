import { Cron } from 'croner';

/**
 * Cron expressions as the app accepts them: 5 fields (minute hour day month weekday),
 * 6 with seconds first, or a nickname (@hourly, @daily, @weekly, @monthly, @yearly),
 * in an IANA time zone (default: the machine's).
 */

export class CronExpressionError extends Error {
  constructor(message: string, readonly field: 'cron' | 'timezone') {
    super(message);
    this.name = 'CronExpressionError';
  }
}

function checkTimezone(timezone: string | undefined): void {
  if (timezone === undefined) return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new CronExpressionError(`Unknown time zone '${timezone}' (use an IANA name such as Europe/Berlin or UTC)`, 'timezone');
  }
}

/** A paused croner job, or a CronExpressionError saying what is wrong in plain words. */
export function parseCron(cron: string, timezone?: string): Cron {
  checkTimezone(timezone);
  const text = cron.trim();
  const fields = text.split(/\s+/).length;
  if (!text.startsWith('@') && (fields < 5 || fields > 6)) {
    throw new CronExpressionError(`'${text}' has ${fields} field${fields === 1 ? '' : 's'}; a cron expression has 5 (minute hour day month weekday) or 6 (seconds first)`, 'cron');
  }
  try {
    return new Cron(text, { paused: true, ...(timezone ? { timezone } : {}) });
  } catch (e) {
    const detail = e instanceof Error ? e.message.replace(/^CronPattern:\s*/, '') : String(e);
    throw new CronExpressionError(`Invalid cron expression '${text}': ${detail}`, 'cron');
  }
}

/** The next `count` run times after `from` (default now). */
export function nextRunTimes(cron: string, timezone: string | undefined, count: number, from?: Date): Date[] {
  const job = parseCron(cron, timezone);
  try {
    const runs = job.nextRuns(count, from ?? new Date());
    if (runs.length === 0) throw new CronExpressionError(`'${cron}' never fires`, 'cron');
    return runs;
  } finally {
    job.stop();
  }
}
