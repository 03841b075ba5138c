import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * A large Apache combined log made from the SoftCart sample's lines: each output line
 * is a sample line picked by a seeded generator, with its IP kept (half the time, so
 * 198.46.149.143 keeps appearing for the filter to drop) or replaced by a generated
 * one. Same seed and size -> the same bytes. Cached, since writing 1 GB takes a while.
 */

export const DROP_IP = '198.46.149.143';
/** Bumped whenever the output for a given seed and size changes. */
const GENERATOR_VERSION = 1;

const statsSchema = z.object({ version: z.number(), seed: z.number(), bytes: z.number(), lines: z.number(), dropIpLines: z.number(), sumBytes: z.number() });
export type WebLogStats = z.infer<typeof statsSchema> & { file: string };

// A complete combined-format line; the sample's truncated line 8899 does not match and is not used.
const COMBINED = /^(\S+) (\S+ \S+ \[[^\]]+\] "[^"]*" \d{3} (\d+|-) "[^"]*" "[^"]*")$/;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function sampleLines(file: string): Promise<{ ip: string; rest: string; bytes: number }[]> {
  const out: { ip: string; rest: string; bytes: number }[] = [];
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    const m = COMBINED.exec(line);
    if (m) out.push({ ip: m[1]!, rest: m[2]!, bytes: m[3] === '-' ? 0 : Number(m[3]) });
  }
  if (out.length === 0) throw new Error(`No complete combined-format lines in ${file}`);
  return out;
}

export async function makeWebLog(opts: { sample: string; cacheDir: string; bytes: number; seed: number }): Promise<WebLogStats> {
  const file = path.join(opts.cacheDir, `access-v${GENERATOR_VERSION}-seed${opts.seed}-${opts.bytes}.log`);
  const statsFile = `${file}.json`;
  const cached = await readFile(statsFile, 'utf8').then((t) => statsSchema.safeParse(JSON.parse(t)), () => null);
  const size = await stat(file).then((s) => s.size, () => -1);
  if (cached?.success && cached.data.version === GENERATOR_VERSION && cached.data.bytes === size) return { ...cached.data, file };

  await mkdir(opts.cacheDir, { recursive: true });
  const lines = await sampleLines(opts.sample);
  const rand = mulberry32(opts.seed);
  const octet = () => 1 + Math.floor(rand() * 254);
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp);
  let bytes = 0;
  let count = 0;
  let dropIpLines = 0;
  let sumBytes = 0;
  let chunk: string[] = [];
  let chunkBytes = 0;
  const flush = async () => {
    if (!out.write(chunk.join(''))) await new Promise<void>((r) => out.once('drain', () => r()));
    chunk = [];
    chunkBytes = 0;
  };
  while (bytes < opts.bytes) {
    const src = lines[Math.floor(rand() * lines.length)]!;
    const ip = rand() < 0.5 ? src.ip : `${octet()}.${octet()}.${octet()}.${octet()}`;
    const line = `${ip} ${src.rest}\n`;
    const n = Buffer.byteLength(line);
    chunk.push(line);
    chunkBytes += n;
    bytes += n;
    count++;
    sumBytes += src.bytes;
    if (ip === DROP_IP) dropIpLines++;
    if (chunkBytes >= 1 << 20) await flush();
  }
  await flush();
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  await rename(tmp, file);
  const stats = { version: GENERATOR_VERSION, seed: opts.seed, bytes, lines: count, dropIpLines, sumBytes };
  await writeFile(statsFile, JSON.stringify(stats));
  return { ...stats, file };
}
