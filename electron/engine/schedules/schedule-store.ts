import { z } from 'zod';
import { paramValueSchema } from '../../../shared/pipeline/pipeline.js';

/** Schedules kept in the settings file, one per pipeline file. */

export const SCHEDULES_KEY = 'schedules';

export const storedScheduleSchema = z.object({
  path: z.string(),
  cron: z.string(),
  timezone: z.string().nullable().default(null),
  enabled: z.boolean().default(true),
  params: z.record(z.string(), paramValueSchema).default({}),
  lastRunId: z.string().nullable().default(null),
  lastRunAt: z.string().nullable().default(null),
  lastProblem: z.string().nullable().default(null),
});
export type StoredSchedule = z.output<typeof storedScheduleSchema>;

/** The part of the settings store schedules need (SettingsStore satisfies it). */
export interface KeyValueStore {
  read(key: string): unknown;
  write(key: string, value: unknown): void;
}

export function readSchedules(store: KeyValueStore): StoredSchedule[] {
  const raw = store.read(SCHEDULES_KEY);
  if (!Array.isArray(raw)) return [];
  // An entry a later version wrote differently is dropped, not fatal to the rest.
  return raw.flatMap((r) => {
    const p = storedScheduleSchema.safeParse(r);
    return p.success ? [p.data] : [];
  });
}

export function writeSchedules(store: KeyValueStore, schedules: readonly StoredSchedule[]): void {
  store.write(SCHEDULES_KEY, schedules);
}
