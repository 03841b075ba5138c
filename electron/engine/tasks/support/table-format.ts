import { formatOfPath, type TableFormat } from '../tabular/format.js';
import { TaskConfigError } from './config-error.js';

/** The format a config names, or the one the file name implies, else the fallback. */
export function chooseFormat(field: string, configured: 'auto' | TableFormat, file: string, fallback: TableFormat | null): TableFormat {
  if (configured !== 'auto') return configured;
  const f = formatOfPath(file) ?? fallback;
  if (!f) throw new TaskConfigError(field, `cannot tell the format of "${file}" from its name; choose txt, tsv or csv`);
  return f;
}
