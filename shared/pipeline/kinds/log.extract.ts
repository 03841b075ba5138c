import { z } from 'zod';
import { formatField, headerField, outputField, type KindInfo } from './common.js';

/** Fields of an Apache access-log line, in line order. */
export const logFields = ['ip', 'ident', 'user', 'time', 'method', 'path', 'protocol', 'status', 'bytes', 'referrer', 'userAgent'] as const;
export type LogFieldName = (typeof logFields)[number];

export const logFormats = ['common', 'combined', 'auto'] as const;
export const logTimeFormats = ['original', 'iso-utc'] as const;
export const logValidations = ['kept-fields', 'whole-line'] as const;

export const logExtractConfigSchema = z.object({
  input: z.string().trim().min(1, 'Log file is required').max(4096).describe('Log file (plain text or .gz)'),
  format: z.enum(logFormats).default('auto').describe('Log format (auto: combined when the line has referrer and user agent)'),
  fields: z.array(z.enum(logFields)).min(1, 'Keep at least one field').default(['ip']).describe('Fields to keep, in this order'),
  output: outputField('extracted_data.txt'),
  outputFormat: formatField('Output format (auto: from the file name; txt needs exactly one field)'),
  header: headerField(),
  time: z.enum(logTimeFormats).default('original').describe('Timestamps: as in the log, or ISO 8601 in UTC'),
  validation: z.enum(logValidations).default('kept-fields')
    .describe('Malformed lines: those missing a kept field (like cut), or any line not matching the format'),
});
export type LogExtractConfig = z.output<typeof logExtractConfigSchema>;

export const kindInfo: KindInfo = {
  kind: 'log.extract',
  label: 'Extract from web log',
  description: 'Parses Apache common/combined log lines (plain or .gz) and keeps the chosen fields; malformed lines go to quarantine with their line numbers.',
  category: 'extract',
  inputs: 'A log file path.',
  outputs: 'A TXT/TSV/CSV file of the kept fields, and quarantine.txt when lines were rejected.',
  icon: 'file-text',
};
