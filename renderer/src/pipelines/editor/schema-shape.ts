import type { z } from 'zod';

/**
 * A kind's config schema read as form fields: what the side panel draws and what a new
 * task's config starts with. Reads zod's definition tree, so a new kind's schema (with
 * .describe() labels) gets its form for free.
 */

export type FieldSpec =
  | { type: 'string'; multiline: boolean; connection: boolean }
  | { type: 'number'; integer: boolean; min?: number; max?: number }
  | { type: 'boolean' }
  | { type: 'enum'; options: string[] }
  | { type: 'string-list' }
  | { type: 'enum-list'; options: string[] }
  | { type: 'object-list'; item: ObjectSpec }
  | { type: 'object'; object: ObjectSpec }
  | { type: 'record'; value: FieldSpec }
  | { type: 'unknown' };

export interface FieldEntry {
  key: string;
  label: string;
  required: boolean;
  default: unknown;
  hasDefault: boolean;
  spec: FieldSpec;
}

export interface ObjectSpec {
  fields: FieldEntry[];
}

interface Def {
  type: string;
  innerType?: Node;
  defaultValue?: unknown;
  element?: Node;
  shape?: Record<string, Node>;
  entries?: Record<string, string | number>;
  valueType?: Node;
  checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean; format?: string } } }[];
  in?: Node;
}
interface Node {
  _zod: { def: Def };
  description?: string;
}

const asNode = (schema: unknown): Node => schema as Node;

interface Unwrapped {
  node: Node;
  description: string | undefined;
  hasDefault: boolean;
  default: unknown;
  optional: boolean;
}

/** Peels default/optional/nullable wrappers, keeping the outermost description. */
function unwrap(start: Node): Unwrapped {
  let node = start;
  let description = start.description;
  let hasDefault = false;
  let value: unknown;
  let optional = false;
  for (let i = 0; i < 8; i++) {
    const d = node._zod.def;
    if (d.type === 'default' || d.type === 'prefault') {
      if (!hasDefault) {
        hasDefault = true;
        value = d.defaultValue;
      }
    } else if (d.type === 'optional' || d.type === 'nullable') {
      optional = true;
    } else if (d.type === 'pipe' && d.in) {
      node = d.in;
      description ??= node.description;
      continue;
    } else break;
    node = d.innerType!;
    description ??= node.description;
  }
  return { node, description, hasDefault, default: value, optional };
}

function labelFromKey(key: string): string {
  const spaced = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function specOf(node: Node, key: string, description: string | undefined): FieldSpec {
  const d = node._zod.def;
  switch (d.type) {
    case 'string': {
      const text = `${key} ${description ?? ''}`;
      return {
        type: 'string',
        connection: /connection/i.test(description ?? '') || key === 'connection',
        multiline: /\b(sql|query)\b/i.test(text),
      };
    }
    case 'number': {
      const spec: FieldSpec = { type: 'number', integer: false };
      for (const c of d.checks ?? []) {
        const cd = c._zod.def;
        if (cd.check === 'number_format' && /int/.test(cd.format ?? '')) spec.integer = true;
        if (cd.check === 'greater_than' && typeof cd.value === 'number') spec.min = cd.value;
        if (cd.check === 'less_than' && typeof cd.value === 'number') spec.max = cd.value;
      }
      return spec;
    }
    case 'int':
      return { type: 'number', integer: true };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'enum', options: Object.values(d.entries ?? {}).map(String) };
    case 'array': {
      const inner = unwrap(d.element!).node;
      const t = inner._zod.def.type;
      if (t === 'enum') return { type: 'enum-list', options: Object.values(inner._zod.def.entries ?? {}).map(String) };
      if (t === 'object') return { type: 'object-list', item: describeObject(inner) };
      if (t === 'string') return { type: 'string-list' };
      return { type: 'unknown' };
    }
    case 'object':
      return { type: 'object', object: describeObject(node) };
    case 'record': {
      const v = unwrap(d.valueType!);
      return { type: 'record', value: specOf(v.node, key, v.description) };
    }
    default:
      return { type: 'unknown' };
  }
}

function describeObject(node: Node): ObjectSpec {
  const shape = node._zod.def.shape ?? {};
  return {
    fields: Object.entries(shape).map(([key, child]) => {
      const u = unwrap(child);
      return {
        key,
        label: u.description ?? u.node.description ?? labelFromKey(key),
        required: !u.hasDefault && !u.optional,
        default: u.default,
        hasDefault: u.hasDefault,
        spec: specOf(u.node, key, u.description ?? u.node.description),
      };
    }),
  };
}

const cache = new WeakMap<object, ObjectSpec>();

/** The form of a config schema (an object schema; anything else gives no fields). */
export function describeConfigSchema(schema: z.ZodType): ObjectSpec {
  const hit = cache.get(schema);
  if (hit) return hit;
  const u = unwrap(asNode(schema));
  const spec = u.node._zod.def.type === 'object' ? describeObject(u.node) : { fields: [] };
  cache.set(schema, spec);
  return spec;
}

/** Default values of an object spec, nested objects included; fields without a default stay out. */
export function defaultsOf(spec: ObjectSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of spec.fields) {
    if (f.hasDefault) out[f.key] = structuredClone(f.default);
    else if (f.spec.type === 'object') out[f.key] = defaultsOf(f.spec.object);
  }
  return out;
}
