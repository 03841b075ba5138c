/**
 * Seeded randomness with random access: every generated entity (a product, a customer,
 * a sale row) draws from its own small generator seeded by (seed, stream, id). So a row
 * is the same whatever batch, chunk size or target database produced it.
 */

function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds any finite number (also above 2^32 or fractional) into 32 bits. */
export function seedBits(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`Seed must be a finite number (got ${seed})`);
  const whole = Math.trunc(seed);
  const lo = whole >>> 0;
  const hi = Math.floor(whole / 4294967296) >>> 0;
  const frac = Math.round((seed - whole) * 4294967296) >>> 0;
  return mix32(lo ^ mix32(hi ^ mix32(frac ^ 0x9e3779b9)));
}

export function entitySeed(seed32: number, stream: number, id: number): number {
  const idLo = id >>> 0;
  const idHi = Math.floor(id / 4294967296) >>> 0;
  return mix32(seed32 ^ mix32(stream + 0x632be5ab) ^ mix32(idLo ^ mix32(idHi + 0x85ebca6b)));
}

/**
 * mulberry32 as a plain function: uniform numbers in [0, 1) from a 32-bit seed. Tiny, fast,
 * good enough for synthetic data (not for anything secret); the same seed gives the same
 * sequence on every machine.
 */
export function mulberry32(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/** mulberry32: tiny, fast, good enough for synthetic data (not for anything secret). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  reset(seed: number): void {
    this.state = seed | 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Streams keep products, customers and sales independent of each other. */
export const STREAM = { product: 1, customer: 2, sale: 3, country: 4 } as const;
