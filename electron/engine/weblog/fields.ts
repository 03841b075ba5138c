import { logFields, logFormats, type LogFieldName } from '../../../shared/pipeline/kinds/log.extract.js';
/**
 * The fields of an Apache access-log line, in the order they appear on the line. The
 * order matters: the parser reads left to right and stops after the last field a task
 * keeps, which is what makes "keep only the IP" as cheap as `cut`.
 */

export { logFields, logFormats };
export type LogField = LogFieldName;
export type LogFormat = (typeof logFormats)[number];

export const FIELD_INDEX: Readonly<Record<LogField, number>> = Object.fromEntries(
  logFields.map((f, i) => [f, i]),
) as Record<LogField, number>;

export const FIELD_COUNT = logFields.length;
