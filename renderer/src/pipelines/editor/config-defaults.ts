import type { z } from 'zod';
import { defaultsOf, describeConfigSchema } from './schema-shape.js';

/** The config a new task of a kind starts with: every default the schema declares. */
export function configDefaults(schema: z.ZodType): Record<string, unknown> {
  return defaultsOf(describeConfigSchema(schema));
}
