import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** One line of an ETL Studio run log, as an offset from the run's first line. */
export interface TimelineEntry {
  ms: number;
  level: string;
  message: string;
}

const lineSchema = z.object({ time: z.string(), level: z.string(), message: z.string() });

/**
 * The run's own log (log.ndjson) as a timeline: where the sync's wall time went,
 * phase by phase (connect, snapshot, each batch, checks), in the sync's own words.
 */
export async function readTimeline(logPath: string): Promise<TimelineEntry[]> {
  const text = await readFile(logPath, 'utf8').catch(() => '');
  const out: TimelineEntry[] = [];
  let t0: number | null = null;
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      continue;
    }
    const line = lineSchema.safeParse(json);
    if (!line.success) continue;
    const t = Date.parse(line.data.time);
    t0 ??= t;
    out.push({ ms: t - t0, level: line.data.level, message: line.data.message });
  }
  return out;
}
