import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchResults } from './markdown.js';

/** latest.json and latest.md, each written whole (through a .tmp file) so a reader never sees half a file. */
export async function writeResults(dir: string, results: BenchResults, markdown: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const out: string[] = [];
  for (const [name, text] of [['latest.json', JSON.stringify(results, null, 2) + '\n'], ['latest.md', markdown + '\n']] as const) {
    const file = path.join(dir, name);
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);
    out.push(file);
  }
  return out;
}
