import { z } from 'zod';
import { outputField, type KindInfo } from './common.js';

export const archiveCompressions = ['auto', 'none', 'gzip'] as const;

export const fileArchiveConfigSchema = z.object({
  files: z.array(z.string().trim().min(1).max(4096)).default([])
    .describe('Files to pack (task ids, task/artifact or paths; empty: the main file of each upstream task)'),
  output: outputField('weblog.tar', 'Archive (name in the task folder, or an absolute path)'),
  compression: z.enum(archiveCompressions).default('auto').describe('Compression (auto: gzip for .tar.gz / .tgz)'),
});
export type FileArchiveConfig = z.output<typeof fileArchiveConfigSchema>;

export const kindInfo: KindInfo = {
  kind: 'file.archive',
  label: 'Archive files',
  description: 'Packs files into a .tar or .tar.gz archive, each under its own file name.',
  category: 'file',
  inputs: 'Files of upstream tasks, or paths.',
  outputs: 'The archive.',
  icon: 'archive',
};
