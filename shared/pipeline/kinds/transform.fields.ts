import { z } from 'zod';
import { formatField, headerField, inputField, outputField, type KindInfo } from './common.js';

export const fieldConversions = ['none', 'trim', 'number', 'integer', 'iso-utc', 'lower', 'upper'] as const;

export const fieldMappingSchema = z.object({
  from: z.string().trim().min(1, 'Source column is required').max(128).describe('Source column'),
  to: z.string().trim().max(128).default('').describe('New name (empty: keep the name)'),
  convert: z.enum(fieldConversions).default('none').describe('Conversion'),
});

export const transformFieldsConfigSchema = z.object({
  input: inputField(),
  fields: z.array(fieldMappingSchema).min(1, 'Choose at least one field').describe('Fields to keep, in order'),
  header: headerField(),
  outputFormat: formatField('Output format (auto: as the input)'),
  output: outputField('', 'Output file (empty: the input file name, in the task folder)'),
});
export type TransformFieldsConfig = z.output<typeof transformFieldsConfigSchema>;

export const kindInfo: KindInfo = {
  kind: 'transform.fields',
  label: 'Select fields',
  description: 'Selects, renames, reorders and converts the columns of an upstream TSV/CSV file (trim, numbers, ISO 8601 UTC timestamps); rows that do not convert go to quarantine.',
  category: 'transform',
  inputs: 'The TSV/CSV file of one upstream task.',
  outputs: 'The reshaped file, and quarantine.txt when rows were rejected.',
  icon: 'columns',
};
