import type { Row } from '../tabular/decode.js';

import { filterOperators } from '../../../../shared/pipeline/kinds/transform.filter.js';

export { filterOperators };
export type FilterOperator = (typeof filterOperators)[number];

export interface Condition {
  operator: FilterOperator;
  value: string;
  values: readonly string[];
}

/** A test on one text value; NULL matches nothing (as in SQL). */
export function textMatcher(c: Condition): (v: string | null) => boolean {
  switch (c.operator) {
    case 'equals':
      return (v) => v === c.value;
    case 'contains':
      return (v) => v !== null && v.includes(c.value);
    case 'regex': {
      const re = compileRegex(c.value);
      return (v) => v !== null && re.test(v);
    }
    case 'in': {
      const set = new Set(c.values);
      return (v) => v !== null && set.has(v);
    }
  }
}

export function compileRegex(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (err) {
    throw new Error(`value: not a valid regular expression: ${(err as Error).message}`);
  }
}

/**
 * The same tests on the bytes of a whole line, without making a string: this is the
 * `grep -v` path of the web-log pipeline. Equality compares lengths first, then bytes;
 * "contains" remembers where the needle next occurs in the chunk, so a chunk is
 * searched once in all, not once per line.
 */
export class LineMatcher {
  private buf: Buffer = Buffer.alloc(0);
  private readonly needles: Buffer[];
  private readonly next: number[];
  private readonly byLength = new Map<number, Buffer[]>();
  private readonly re: RegExp | null;
  private readonly set: Set<string> | null;

  constructor(private readonly c: Condition) {
    this.re = c.operator === 'regex' ? compileRegex(c.value) : null;
    // A long list is faster as a string set than as byte comparisons per line.
    this.set = c.operator === 'in' && c.values.length > 16 ? new Set(c.values) : null;
    const list = c.operator === 'in' ? c.values : [c.value];
    this.needles = list.map((v) => Buffer.from(v, 'utf8'));
    this.next = this.needles.map(() => -1);
    for (const n of this.needles) {
      const same = this.byLength.get(n.length) ?? [];
      same.push(n);
      this.byLength.set(n.length, same);
    }
  }

  reset(buf: Buffer): void {
    this.buf = buf;
    this.next.fill(-1);
  }

  /** Does the line buf[s, e) (no newline) match? */
  test(s: number, e: number): boolean {
    const buf = this.buf;
    if (e > s && buf[e - 1] === 0x0d) e--;
    switch (this.c.operator) {
      case 'equals':
      case 'in': {
        if (this.set) return this.set.has(buf.toString('utf8', s, e));
        const same = this.byLength.get(e - s);
        if (!same) return false;
        for (const n of same) if (buf.compare(n, 0, n.length, s, e) === 0) return true;
        return false;
      }
      case 'contains': {
        const n = this.needles[0]!;
        if (n.length === 0) return true;
        let at = this.next[0]!;
        if (at < s) {
          at = buf.indexOf(n, s);
          if (at < 0) at = buf.length;
          this.next[0] = at;
        }
        return at + n.length <= e;
      }
      case 'regex':
        return this.re!.test(buf.toString('utf8', s, e));
    }
  }
}

export function fieldIndex(columns: readonly string[], field: string): number {
  const i = columns.indexOf(field);
  if (i < 0) throw new Error(`field: no column named "${field}" (columns: ${columns.join(', ')})`);
  return i;
}

export type { Row };
