import { z } from 'zod';
import { connectionField, type KindInfo } from './common.js';

export const assertionExpectations = ['zero-rows', 'true'] as const;

export const checkSqlConfigSchema = z.object({
  connection: connectionField('Connection'),
  sql: z.string().trim().min(1, 'Query is required').max(100_000).describe('Assertion query'),
  expect: z.enum(assertionExpectations).default('zero-rows').describe('Passes when the query returns no rows, or when its first value is true'),
});
export type CheckSqlConfig = z.output<typeof checkSqlConfigSchema>;

export const kindInfo: KindInfo = {
  kind: 'check.sql',
  label: 'SQL assertion',
  description: 'Runs a query that must return no rows (e.g. orphans, nulls) or a true value; fails with the rows or the value it returned.',
  category: 'check',
  inputs: 'None.',
  outputs: 'Pass/fail with the value or the offending rows; fails the task when the assertion does not hold.',
  icon: 'shield-check',
};
