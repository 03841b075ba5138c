import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: the functions
 * with the most self time, and self time per area (a package, an engine folder, GC).
 * Standalone: node dist/bench/profile/summarise-cpuprofile.js FILE.cpuprofile [TOP]
 */

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number(), columnNumber: z.number().optional() }),
    }),
  ),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
export type CpuProfile = z.infer<typeof profileSchema>;

export interface SelfTime {
  name: string;
  where: string;
  area: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time not idle: what the process spent working. */
  busyMs: number;
  top: SelfTime[];
  areas: { area: string; selfMs: number; share: number }[];
}

export function parseCpuProfile(text: string): CpuProfile {
  return profileSchema.parse(JSON.parse(text));
}

/** Where a frame belongs: a package, a folder of the app, or one of V8's pseudo-frames. */
export function areaOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return 'V8/native (program)';
    // V8 pseudo-frames are in parentheses; other URL-less frames are Node's C++ bindings.
    return functionName.startsWith('(') ? functionName : 'native (Node bindings)';
  }
  if (url.startsWith('node:')) return 'node internals';
  const p = appPath(url);
  const nm = p.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const rest = p.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const dist = p.indexOf('/dist/');
  if (dist !== -1) {
    const parts = p.slice(dist + '/dist/'.length).split('/');
    // electron/engine/sync/source/mysql-source.js -> engine/sync/source
    return parts.slice(parts[0] === 'electron' ? 1 : 0, -1).slice(0, 3).join('/') || parts.join('/');
  }
  return path.basename(path.dirname(p));
}

/**
 * The CLI runs bundled (dist/bundle/cli/*.cjs), so a frame's file says little; the
 * bundle's source maps say which package or app file the code came from.
 */
function sourceMapper(): (url: string, line: number, column: number) => { url: string; line: number } {
  const maps = new Map<string, SourceMap | null>();
  return (url, line, column) => {
    if (!url.startsWith('file://')) return { url, line };
    let map = maps.get(url);
    if (map === undefined) {
      const mapFile = `${fileURLToPath(url)}.map`;
      try {
        map = existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]) : null;
      } catch {
        map = null;
      }
      maps.set(url, map);
    }
    const entry = map?.findEntry(line, column) as { originalSource?: string; originalLine?: number } | undefined;
    if (!entry?.originalSource) return { url, line };
    const original = entry.originalSource.startsWith('file://')
      ? entry.originalSource
      : pathToFileURL(path.resolve(path.dirname(fileURLToPath(url)), entry.originalSource)).href;
    return { url: original, line: entry.originalLine ?? line };
  };
}

export function summariseCpuProfile(profile: CpuProfile, topN = 20): ProfileSummary {
  const original = sourceMapper();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // Sample i lasts until sample i+1 (DevTools' convention); the last one until endTime.
  let t = profile.startTime;
  const stamps = profile.timeDeltas.map((d) => (t += d));
  for (let i = 0; i < profile.samples.length; i++) {
    const dur = (i + 1 < stamps.length ? stamps[i + 1]! : profile.endTime) - stamps[i]!;
    if (dur > 0) selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + dur);
  }
  const fns = new Map<string, SelfTime>();
  const areas = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const at = original(frame.url, frame.lineNumber, frame.columnNumber ?? 0);
    const f = { functionName: frame.functionName, url: at.url, lineNumber: at.line };
    const area = areaOf(f.url, f.functionName);
    totalUs += us;
    if (area === 'idle') idleUs += us;
    areas.set(area, (areas.get(area) ?? 0) + us);
    const where = f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}` : '';
    const name = f.functionName || '(anonymous)';
    const key = `${name}@${where}`;
    const e = fns.get(key) ?? { name, where, area, selfMs: 0, share: 0 };
    e.selfMs += us / 1000;
    fns.set(key, e);
  }
  const share = (ms: number) => (totalUs ? Math.round((ms * 1000 * 1000) / totalUs) / 10 : 0);
  const top = [...fns.values()]
    .filter((f) => f.area !== 'idle')
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, topN)
    .map((f) => ({ ...f, selfMs: Math.round(f.selfMs), share: share(f.selfMs) }));
  return {
    totalMs: Math.round(totalUs / 1000),
    busyMs: Math.round((totalUs - idleUs) / 1000),
    top,
    areas: [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, selfMs: Math.round(us / 1000), share: share(us / 1000) })),
  };
}

/** The benchmark's private build sits under node_modules/.cache/etl-bench-app/<pid>/: that is app code, not a package. */
function appPath(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/\/node_modules\/\.cache\/etl-bench-app\/[^/]+\//, '/');
}

function shortUrl(url: string): string {
  const p = appPath(url);
  const nm = p.lastIndexOf('/node_modules/');
  if (nm !== -1) return p.slice(nm + '/node_modules/'.length);
  const dist = p.indexOf('/dist/');
  return dist !== -1 ? p.slice(dist + 1) : p;
}

export function formatSummary(s: ProfileSummary): string {
  const lines = [`Total ${s.totalMs} ms sampled, ${s.busyMs} ms busy (not idle).`, '', 'Self time by area:'];
  for (const a of s.areas) lines.push(`  ${a.share.toFixed(1).padStart(5)} %  ${String(a.selfMs).padStart(7)} ms  ${a.area}`);
  lines.push('', 'Top functions by self time:');
  for (const f of s.top) lines.push(`  ${f.share.toFixed(1).padStart(5)} %  ${String(f.selfMs).padStart(7)} ms  ${f.name}  ${f.where}`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('Usage: node dist/bench/profile/summarise-cpuprofile.js FILE.cpuprofile [TOP]\n');
    process.exit(2);
  }
  const summary = summariseCpuProfile(parseCpuProfile(await readFile(file, 'utf8')), top ? Number(top) : 25);
  process.stdout.write(formatSummary(summary) + '\n');
}
