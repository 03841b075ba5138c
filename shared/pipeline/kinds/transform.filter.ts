import { z } from 'zod';
import { headerField, inputField, outputField, type KindInfo } from './common.js';

export const filterOperators = ['equals', 'contains', 'regex', 'in'] as const;
export const filterActions = ['drop', 'keep'] as const;

export const transformFilterConfigSchema = z.object({
  input: inputField(),
  field: z.string().trim().max(128).default('').describe('Column to test (empty: the whole line)'),
  operator: z.enum(filterOperators).default('equals').describe('Condition'),
  value: z.string().max(10_000).default('').describe('Value (or regular expression)'),
  values: z.array(z.string().max(10_000)).max(100_000).default([]).describe('List of values (for "in")'),
  action: z.enum(filterActions).default('drop').describe('Drop or keep the matching lines'),
  header: headerField(),
  output: outputField('', 'Output file (empty: the input file name, in the task folder)'),
}).superRefine((c, ctx) => {
  if (c.operator === 'in' && c.values.length === 0) ctx.addIssue({ code: 'custom', path: ['values'], message: 'List at least one value for "in"' });
  if (c.operator === 'regex') {
    try {
      new RegExp(c.value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `Not a valid regular expression: ${(err as Error).message}` });
    }
  }
});
export type TransformFilterConfig = z.output<typeof transformFilterConfigSchema>;

export const kindInfo: KindInfo = {
  kind: 'transform.filter',
  label: 'Filter lines/rows',
  description: 'Keeps or drops the lines or rows of an upstream file whose field equals a value, contains it, matches a regular expression or is in a list.',
  category: 'transform',
  inputs: 'The file of one upstream task (TXT, TSV or CSV).',
  outputs: 'The filtered file, in the same format.',
  icon: 'filter',
};
