import type { ParamValue, Pipeline, PipelineParameter } from './pipeline.js';
import { issue, type PipelineIssue } from './issues.js';

/**
 * `${params.NAME}` placeholders in task configs. A string that is exactly one
 * placeholder takes the parameter's typed value (a number stays a number); a
 * placeholder inside longer text is interpolated as text.
 */

const placeholder = /\$\{params\.([A-Za-z_][A-Za-z0-9_]*)\}/g;
const whole = /^\$\{params\.([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** Parameter names a config refers to, in first-seen order. */
export function referencedParams(value: unknown): string[] {
  const out: string[] = [];
  walkStrings(value, (s) => {
    for (const m of s.matchAll(placeholder)) if (!out.includes(m[1]!)) out.push(m[1]!);
  });
  return out;
}

function walkStrings(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((v) => walkStrings(v, visit));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => walkStrings(v, visit));
}

export interface Substitution<T> {
  value: T;
  /** Placeholders with no value; left as written. */
  missing: string[];
}

export function substituteParams<T>(value: T, params: Readonly<Record<string, ParamValue>>): Substitution<T> {
  const missing: string[] = [];
  const has = (name: string) => Object.prototype.hasOwnProperty.call(params, name);
  const sub = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const w = whole.exec(v);
      if (w) {
        if (has(w[1]!)) return params[w[1]!];
        if (!missing.includes(w[1]!)) missing.push(w[1]!);
        return v;
      }
      return v.replace(placeholder, (text, name: string) => {
        if (has(name)) return String(params[name]);
        if (!missing.includes(name)) missing.push(name);
        return text;
      });
    }
    if (Array.isArray(v)) return v.map(sub);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = sub(x);
      return out;
    }
    return v;
  };
  return { value: sub(value) as T, missing };
}

/** Turns a given value (CLI text, a form value) into the parameter's kind, or says why not. */
export function coerceParam(p: PipelineParameter, raw: unknown): { ok: true; value: ParamValue } | { ok: false; error: string } {
  switch (p.kind) {
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, error: `expected a number, got ${JSON.stringify(raw)}` };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const s = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      if (['true', '1', 'yes', 'on'].includes(s)) return { ok: true, value: true };
      if (['false', '0', 'no', 'off'].includes(s)) return { ok: true, value: false };
      return { ok: false, error: `expected true or false, got ${JSON.stringify(raw)}` };
    }
    default: {
      if (typeof raw === 'string') {
        if ((p.kind === 'path' || p.kind === 'connection') && raw.trim() === '') return { ok: false, error: 'must not be empty' };
        return { ok: true, value: raw };
      }
      if (typeof raw === 'number' || typeof raw === 'boolean') return { ok: true, value: String(raw) };
      return { ok: false, error: `expected text, got ${JSON.stringify(raw)}` };
    }
  }
}

export interface ResolvedParams {
  values: Record<string, ParamValue>;
  issues: PipelineIssue[];
}

/**
 * The values a run uses: given values coerced to each parameter's kind, defaults for
 * the rest; a required parameter with neither, a bad value or an undeclared name is
 * an issue (a typo in `--param` must not pass silently).
 */
export function resolveParams(pipeline: Pick<Pipeline, 'parameters'>, given: Readonly<Record<string, unknown>>): ResolvedParams {
  const values: Record<string, ParamValue> = {};
  const issues: PipelineIssue[] = [];
  pipeline.parameters.forEach((p, i) => {
    const field = `parameters.${i}`;
    if (Object.prototype.hasOwnProperty.call(given, p.name) && given[p.name] !== undefined) {
      const c = coerceParam(p, given[p.name]);
      if (c.ok) values[p.name] = c.value;
      else issues.push(issue('bad_param', `Parameter '${p.name}' (${p.kind}): ${c.error}`, { field }));
    } else if (p.default !== undefined) {
      const c = coerceParam(p, p.default);
      if (c.ok) values[p.name] = c.value;
      else issues.push(issue('bad_param', `Parameter '${p.name}' (${p.kind}): default ${c.error}`, { field: `${field}.default` }));
    } else if (p.required) {
      issues.push(issue('missing_param', `Parameter '${p.name}' is required and has no value`, { field }));
    }
  });
  const declared = new Set(pipeline.parameters.map((p) => p.name));
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) issues.push(issue('unknown_param', `Parameter '${name}' is not declared by this pipeline`, { field: 'parameters' }));
  }
  return { values, issues };
}
