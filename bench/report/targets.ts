import type { CaseSummary } from './results.js';
import type { DbSuiteResult } from '../suite/db-suite.js';
import type { WeblogResult } from '../weblog/weblog-suite.js';

/** A performance target from the issue, evaluated on the measured figures. */
export interface Target {
  name: string;
  /** What was measured, e.g. "0.83x". */
  measured: string;
  required: string;
  /** null: not measured in this run (the case failed or was not selected). */
  pass: boolean | null;
}

const x = (n: number) => `${n.toFixed(2)}x`;
const fmtRows = (n: number) => n.toLocaleString('en-US');

function ratio(name: string, a: CaseSummary | undefined, b: CaseSummary | undefined, min: number): Target {
  if (!a || !b) return { name, measured: 'not measured', required: `>= ${x(min)}`, pass: null };
  const r = a.rowsPerS / b.rowsPerS;
  return { name, measured: x(r), required: `>= ${x(min)}`, pass: r >= min };
}

/**
 * The same ratio on the sync's own time as the engine reports it (the CLI's process start,
 * module loading and engine set-up left out). The in-app rows measure that wait directly.
 */
function syncRatio(name: string, rows: number, a: CaseSummary | undefined, b: CaseSummary | undefined, min: number): Target {
  if (!a?.engineS || !b) return { name, measured: 'not measured', required: `>= ${x(min)}`, pass: null };
  const r = rows / a.engineS / b.rowsPerS;
  return { name, measured: x(r), required: `>= ${x(min)}`, pass: r >= min };
}

export function evaluateTargets(db: DbSuiteResult | undefined, weblog: WeblogResult | undefined): Target[] {
  const out: Target[] = [];
  if (db) {
    for (const s of db.sizes) {
      const c = s.cases;
      const at = `at ${fmtRows(s.rows)} rows`;
      out.push(ratio(`replicate rows/s vs mysql | psql pipe ${at}, wall time incl. process start`, c.replicate, c.pipe, 0.8));
      out.push(syncRatio(`replicate rows/s vs mysql | psql pipe ${at}, sync time`, s.rows, c.replicate, c.pipe, 0.8));
      out.push(ratio(`replicate rows/s vs pgloader ${at}, wall time incl. process start`, c.replicate, c.pgloader, 2.5));
      out.push(syncRatio(`replicate rows/s vs pgloader ${at}, sync time`, s.rows, c.replicate, c.pgloader, 2.5));
      out.push(ratio(`star rows/s vs pgloader ${at}, wall time incl. process start`, c.star, c.pgloader, 1.0));
      out.push(syncRatio(`star rows/s vs pgloader ${at}, sync time`, s.rows, c.star, c.pgloader, 1.0));
      out.push(ratio(`replicate rows/s vs mysql | psql pipe ${at}, in the running app (Sync now to run end)`, c.replicateApp, c.pipe, 0.8));
      out.push(ratio(`replicate rows/s vs pgloader ${at}, in the running app (Sync now to run end)`, c.replicateApp, c.pgloader, 2.5));
      out.push(ratio(`star rows/s vs pgloader ${at}, in the running app (Sync now to run end)`, c.starApp, c.pgloader, 1.0));
      const rss = [c.replicate?.peakRssMiB, c.star?.peakRssMiB].filter((v): v is number => v !== undefined);
      out.push({
        name: `ETL Studio peak RSS (replicate, star) ${at}`,
        measured: rss.length ? `${Math.max(...rss).toFixed(0)} MiB` : 'not measured',
        required: '<= 200 MiB',
        pass: rss.length ? Math.max(...rss) <= 200 : null,
      });
      const verified = Object.values(c).every((v) => v.verified) && Object.keys(s.errors).length === 0;
      out.push({
        name: `every target matches its source (count, sums, row hash) ${at}`,
        measured: verified ? 'all match' : Object.keys(s.errors).length ? `failed: ${Object.keys(s.errors).join(', ')}` : 'MISMATCH',
        required: 'all match',
        pass: verified,
      });
    }
    const m1 = db.sizes.find((s) => s.rows === 1_000_000);
    const m10 = db.sizes.find((s) => s.rows === 10_000_000);
    if (m1 && m10) {
      for (const mode of ['replicate', 'star'] as const) {
        const a = m1.cases[mode];
        const b = m10.cases[mode];
        out.push({
          name: `${mode} peak RSS at 10 M vs 1 M`,
          measured: a && b ? `${b.peakRssMiB.toFixed(0)} vs ${a.peakRssMiB.toFixed(0)} MiB (+${((b.peakRssMiB / a.peakRssMiB - 1) * 100).toFixed(0)} %)` : 'not measured',
          required: '<= +10 %',
          pass: a && b ? b.peakRssMiB <= a.peakRssMiB * 1.1 : null,
        });
      }
    }
    const inc = db.incremental;
    if (inc) {
      const at = `(${fmtRows(inc.newRows)} new rows on ${fmtRows(inc.baseRows)})`;
      for (const mode of ['replicate', 'star'] as const) {
        const wall = inc[`${mode}ShareWall`];
        const engine = inc[`${mode}ShareEngine`];
        const pct = (v: number | undefined) => (v === undefined ? 'not measured' : `${(v * 100).toFixed(1)} %`);
        out.push({ name: `incremental 1 % ${mode} vs full load, wall time incl. process start ${at}`, measured: pct(wall), required: '<= 3 %', pass: wall === undefined ? null : wall <= 0.03 });
        out.push({ name: `incremental 1 % ${mode} vs full load, sync time ${at}`, measured: pct(engine), required: '<= 3 %', pass: engine === undefined ? null : engine <= 0.03 });
        if (inc[`${mode}App`]) {
          const inApp = inc[`${mode}AppShareWall`];
          out.push({ name: `incremental 1 % ${mode} vs full load, in the running app (Sync now to run end) ${at}`, measured: pct(inApp), required: '<= 3 %', pass: inApp === undefined ? null : inApp <= 0.03 });
        }
      }
      const verified =
        !inc.error && [inc.replicate, inc.star].every((s) => s?.verified) && [inc.replicateApp, inc.starApp, inc.pipe].every((s) => s?.verified !== false);
      out.push({ name: `incremental targets match the source ${at}`, measured: inc.error ? `failed: ${inc.error}` : verified ? 'all match' : 'MISMATCH', required: 'all match', pass: verified });
    }
  }
  if (weblog) {
    const r = weblog.extractFilterVsCut;
    out.push({ name: 'web log extract + filter wall vs cut | grep', measured: r === undefined ? 'not measured' : x(r), required: '<= 2.00x', pass: r === undefined ? null : r <= 2 });
    const p = weblog.parseLoad;
    out.push({ name: 'web log full parse + COPY into the warehouse', measured: p ? `${fmtRows(p.linesPerS)} lines/s` : 'not measured', required: '>= 200,000 lines/s', pass: p ? p.linesPerS >= 200_000 : null });
    const ok = [weblog.cutGrep, weblog.extractFilter, weblog.parseLoad].every((s) => s?.verified) && Object.keys(weblog.errors).length === 0;
    out.push({ name: 'web log outputs match (byte-equal file, table rows and sums)', measured: ok ? 'all match' : 'MISMATCH or failure', required: 'all match', pass: ok });
  }
  return out;
}
