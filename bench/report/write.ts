import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { BenchResults } from './markdown.js';

// The file is this program's own output; the check guards against pointing at something else.
const resultsShape = z.object({ generatedAt: z.string(), environment: z.object({ commit: z.string() }).passthrough(), targets: z.array(z.unknown()) }).passthrough();

export async function readResults(dir: string): Promise<BenchResults> {
  const file = path.join(dir, 'latest.json');
  resultsShape.parse(JSON.parse(await readFile(file, 'utf8')));
  return JSON.parse(await readFile(file, 'utf8')) as BenchResults;
}

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
