/**
 * A small id -> value table the encoder substitutes while rows pass (FieldKind.lookup):
 * star mode's default mapping reads a product's category and a customer's country this
 * way instead of joining two tables in the source for every sale, which costs MySQL
 * two index look-ups per row. Values are kept once each, already as COPY text.
 */

const SPACE = 32;

function copyText(value: string): Buffer {
  return Buffer.from(value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'), 'utf8');
}

/** Ids up to this many times the entry count go into a flat array; sparser ones into a Map. */
const DENSE_FACTOR = 8;

export class CopyLookup {
  /** Distinct values as COPY text; slot 0 is unused so 0 can mean "no entry". */
  private readonly values: Buffer[] = [Buffer.alloc(0)];
  /** The same values as the source gave them. */
  private readonly texts: (string | null)[] = [null];
  /** Per value: NULL, empty or only spaces (what btrim(x) = '' or x IS NULL calls missing). */
  private readonly missing: boolean[] = [true];
  private readonly dense: Int32Array | null;
  private readonly sparse: Map<number, number> | null;

  /** `rows` are [id, value] pairs as the source gives them (text); a NULL value is kept as NULL. */
  constructor(rows: readonly (readonly (string | null)[])[]) {
    const slot = new Map<string | null, number>();
    const ids: number[] = [];
    const slots: number[] = [];
    // A join would repeat the row for a repeated id; a look-up cannot, so such a table is joined instead.
    const seen = new Set<number>();
    let maxId = 0;
    let minId = 0;
    for (const [idText, value] of rows) {
      if (idText === null || !/^-?\d{1,16}$/.test(idText)) {
        // An id that is not a plain integer can never equal an integer id in the rows.
        if (idText !== null && /^-?\d+$/.test(idText)) throw new Error(`id ${idText} is too large to look up exactly`);
        continue;
      }
      const id = Number(idText);
      if (!Number.isSafeInteger(id)) throw new Error(`id ${idText} is too large to look up exactly`);
      if (seen.has(id)) throw new Error(`id ${idText} appears twice`);
      seen.add(id);
      let s = slot.get(value ?? null);
      if (s === undefined) {
        s = this.values.length;
        slot.set(value ?? null, s);
        this.values.push(value === null ? Buffer.from('\\N', 'latin1') : copyText(value));
        this.texts.push(value ?? null);
        this.missing.push(value === null || /^ *$/.test(value));
      }
      ids.push(id);
      slots.push(s);
      if (id > maxId) maxId = id;
      if (id < minId) minId = id;
    }
    if (minId >= 0 && maxId <= Math.max(1024, ids.length * DENSE_FACTOR)) {
      this.dense = new Int32Array(maxId + 1);
      this.sparse = null;
      for (let i = 0; i < ids.length; i++) this.dense[ids[i]] = slots[i];
    } else {
      this.dense = null;
      this.sparse = new Map();
      for (let i = 0; i < ids.length; i++) this.sparse.set(ids[i], slots[i]);
    }
  }

  get size(): number {
    return this.dense ? this.dense.reduce((n, s) => n + (s > 0 ? 1 : 0), 0) : this.sparse!.size;
  }

  /** Slot of the value for the integer written in v[s..e), or 0 when there is none. */
  slotOf(v: Buffer, s: number, e: number): number {
    let i = s;
    let neg = false;
    if (i < e && v[i] === 45) {
      neg = true;
      i++;
    }
    if (i === e) return 0;
    let id = 0;
    for (; i < e; i++) {
      const d = v[i] - 48;
      if (d < 0 || d > 9) return 0;
      id = id * 10 + d;
    }
    if (neg) id = -id;
    if (this.dense) return id >= 0 && id < this.dense.length ? this.dense[id] : 0;
    return this.sparse!.get(id) ?? 0;
  }

  /** Number of slots, for a per-slot array (slot 0 included). */
  get slotCount(): number {
    return this.values.length;
  }

  /** The value in `slot` as the source gave it. */
  text(slot: number): string | null {
    return this.texts[slot];
  }

  /** COPY text of the value in `slot` (slot > 0). */
  value(slot: number): Buffer {
    return this.values[slot];
  }

  /** True when `slot` has no usable value: no entry, NULL, or only spaces. */
  isMissing(slot: number): boolean {
    return this.missing[slot];
  }
}

/** True when v[s..e) is empty or only spaces: btrim() would leave nothing. */
export function isBlank(v: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (v[i] !== SPACE) return false;
  return true;
}
