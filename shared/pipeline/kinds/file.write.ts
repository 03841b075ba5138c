import { z } from 'zod';
import { formatField, headerField, inputField, type KindInfo } from './common.js';

export const fileWriteConfigSchema = z.object({
  input: inputField(),
  folder: z.string().trim().min(1, 'Output folder is required').max(4096).describe('Output folder'),
  fileName: z.string().trim().max(255).default('').describe('File name (empty: the input file name)'),
  format: formatField('Format (auto: from the file name, else as the input)'),
  header: headerField(),
  overwrite: z.boolean().default(true).describe('Replace an existing file'),
});
export type FileWriteConfig = z.output<typeof fileWriteConfigSchema>;

export const kindInfo: KindInfo = {
  kind: 'file.write',
  label: 'Write file',
  description: 'Writes an upstream file to a chosen folder as CSV, TSV or TXT, converting the format when asked.',
  category: 'file',
  inputs: 'The file of one upstream task.',
  outputs: 'The written file.',
  icon: 'file-plus',
};
