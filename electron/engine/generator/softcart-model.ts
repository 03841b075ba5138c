import { entitySeed, Rng, seedBits, STREAM } from './prng.js';
import { SOFTCART_CATEGORIES, SOFTCART_COUNTRIES } from './reference-data.js';
import type { TsvChunk, TsvSource } from './tsv.js';

/**
 * What the SoftCart operational database looks like: a product catalogue, customers in
 * the 56 coursework countries, and a sales table whose timestamps climb with rowid
 * across 2019-2021 (the range DimDate covers). Every value depends only on the seed and
 * the entity's id, so any slice of rows can be produced on its own.
 */

export const PRODUCT_COUNT = 1_000;
export const CUSTOMER_COUNT = 10_000;

const DAY = 86_400;
/** First second of the range DimDate covers. */
export const TIME_START = Date.UTC(2019, 0, 1) / 1000;
/** Last second of DimDate's range. */
export const TIME_END = Date.UTC(2021, 11, 31, 23, 59, 59) / 1000;
/**
 * A fresh table ends here, leaving December 2021 free, so "append 1 % more" keeps the
 * same pace of sales and still lands inside DimDate's range.
 */
export const FRESH_END = Date.UTC(2021, 11, 1) / 1000;

const productWords: Record<(typeof SOFTCART_CATEGORIES)[number], { adjectives: string[]; nouns: string[]; cents: [number, number] }> = {
  Electronics: {
    adjectives: ['Wireless', 'Smart', 'Portable', 'Ultra HD', 'Noise-Cancelling', 'Compact', 'Pro', 'Bluetooth', 'Gaming', 'Curved'],
    nouns: ['Headphones', 'Speaker', 'Monitor', 'Keyboard', 'Mouse', 'Camera', 'Router', 'Smartwatch', 'Tablet', 'Charger', 'Earbuds', 'Projector'],
    cents: [1_999, 149_999],
  },
  Books: {
    adjectives: ['The Complete', 'A Short History of', 'Learning', 'The Art of', 'Mastering', 'Notes on', 'The Little Book of', 'Secrets of'],
    nouns: ['SQL', 'Gardening', 'Baking', 'Data Warehousing', 'Astronomy', 'Chess', 'Photography', 'Poetry', 'Economics', 'Sailing', 'Python'],
    cents: [499, 5_999],
  },
  Toys: {
    adjectives: ['Wooden', 'Remote-Control', 'Plush', 'Magnetic', 'Glow-in-the-Dark', 'Giant', 'Mini', 'Musical'],
    nouns: ['Train Set', 'Robot', 'Puzzle', 'Building Blocks', 'Dinosaur', 'Kite', 'Doll House', 'Race Car', 'Teddy Bear', 'Board Game'],
    cents: [499, 14_999],
  },
  Sports: {
    adjectives: ['Carbon', 'Lightweight', 'Waterproof', 'Adjustable', 'Foldable', 'Professional', 'Trail', 'Indoor'],
    nouns: ['Tennis Racket', 'Yoga Mat', 'Running Shoes', 'Bicycle Helmet', 'Dumbbell Set', 'Football', 'Tent', 'Backpack', 'Ski Goggles', 'Jump Rope'],
    cents: [999, 49_999],
  },
  Software: {
    adjectives: ['Home', 'Business', 'Student', 'Enterprise', 'Cloud', 'Family', 'Studio', 'Lite'],
    nouns: ['Office Suite', 'Antivirus', 'Photo Editor', 'Accounting', 'Video Editor', 'Backup', 'VPN', 'Language Course', 'Tax Helper', 'Password Manager'],
    cents: [999, 39_999],
  },
};

// Plain letters, apostrophes and accents only: no tab, newline or backslash, so lines need no escaping.
const firstNames = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mateo', 'Sofia', 'Lucas', 'Mia', 'Hugo', 'Chloé', 'Arjun', 'Priya', 'Yuki', 'Hiroshi', 'Mei',
  'Wei', 'Fatima', 'Omar', 'Layla', 'Ivan', 'Olga', 'Lars', 'Ingrid', 'Søren', 'Zoë', 'José', 'Lucía', 'Kwame', 'Amara', 'Thabo', 'Aroha',
  'Nikos', 'Eleni', 'Piotr', 'Agnieszka', 'Tomás', 'Siobhán', 'Jae-won', 'Linh',
];
const lastNames = [
  'Smith', 'García', 'Müller', 'Rossi', 'Dubois', 'Kowalski', 'Nguyen', 'Kim', 'Tanaka', 'Patel', 'Singh', 'Silva', 'Santos', 'Ivanov',
  "O'Brien", 'Jensen', 'Andersson', 'Novak', 'Horváth', 'Papadopoulos', 'Cohen', 'Haddad', 'Mensah', 'Okafor', 'Dlamini', 'Chen',
  'Wang', 'Yılmaz', 'Fernández', 'López', 'Hansen', 'Virtanen', 'De Vries', 'Murphy', 'Ng', 'Tan', 'Kaur', 'Abdullah',
];

// Most orders are for one or two items.
const quantityCdf = [0.45, 0.7, 0.85, 0.95, 1];

const two = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

function formatCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${two[cents % 100]}`;
}

export interface Product {
  id: number;
  name: string;
  category: string;
  cents: number;
}

export interface Customer {
  id: number;
  name: string;
  country: string;
}

/** Where a run of sales rows sits in time: row firstRowid + k lands in [start + k*step, start + (k+1)*step). */
export interface SalesPlan {
  firstRowid: number;
  rows: number;
  startSec: number;
  stepSec: number;
}

export class SoftcartModel {
  readonly seed32: number;
  private readonly productCents = new Int32Array(PRODUCT_COUNT + 1);
  private readonly countryCdf: number[];
  private readonly rng = new Rng(0);

  constructor(seed: number) {
    this.seed32 = seedBits(seed);
    for (let id = 1; id <= PRODUCT_COUNT; id++) this.productCents[id] = this.product(id).cents;
    // Some countries buy far more than others; which ones depends on the seed.
    const rng = new Rng(entitySeed(this.seed32, STREAM.country, 0));
    const weights = SOFTCART_COUNTRIES.map(() => 0.2 + rng.next() ** 3 * 5);
    const total = weights.reduce((a, b) => a + b, 0);
    let acc = 0;
    this.countryCdf = weights.map((w) => (acc += w / total));
    this.countryCdf[this.countryCdf.length - 1] = 1;
  }

  product(id: number): Product {
    const rng = this.rng;
    rng.reset(entitySeed(this.seed32, STREAM.product, id));
    const category = rng.pick(SOFTCART_CATEGORIES);
    const words = productWords[category];
    const name = `${rng.pick(words.adjectives)} ${rng.pick(words.nouns)} ${String.fromCharCode(65 + rng.int(26))}${100 + rng.int(900)}`;
    const [lo, hi] = words.cents;
    // Log-uniform prices ending in .99 or .49, like a shop's.
    const raw = Math.exp(Math.log(lo) + rng.next() * (Math.log(hi) - Math.log(lo)));
    const cents = Math.max(99, Math.floor(raw / 100) * 100 + (rng.next() < 0.7 ? 99 : 49));
    return { id, name, category, cents };
  }

  customer(id: number): Customer {
    const rng = this.rng;
    rng.reset(entitySeed(this.seed32, STREAM.customer, id));
    const name = `${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
    const u = rng.next();
    let i = 0;
    while (this.countryCdf[i] < u) i++;
    return { id, name, country: SOFTCART_COUNTRIES[i] };
  }

  productsSource(): TsvSource {
    return rangeSource(1, PRODUCT_COUNT, (id) => {
      const p = this.product(id);
      return `${id}\t${p.name}\t${p.category}\n`;
    });
  }

  customersSource(): TsvSource {
    return rangeSource(1, CUSTOMER_COUNT, (id) => {
      const c = this.customer(id);
      return `${id}\t${c.name}\t${c.country}\n`;
    });
  }

  /** rowid, product_id, customer_id, price, quantity, timestamp; checks the signal between chunks. */
  salesSource(plan: SalesPlan, signal?: AbortSignal): TsvSource {
    const rng = new Rng(0);
    const seed32 = this.seed32;
    const cents = this.productCents;
    const clock = new ClockFormatter();
    const last = plan.firstRowid + plan.rows - 1;
    let rowid = plan.firstRowid;
    return {
      next(maxRows) {
        signal?.throwIfAborted();
        if (rowid > last) return null;
        const end = Math.min(last, rowid + maxRows - 1);
        const parts: string[] = [];
        for (; rowid <= end; rowid++) {
          rng.reset(entitySeed(seed32, STREAM.sale, rowid));
          // Popular products get most orders (a long tail, as in real shops).
          const productId = 1 + Math.floor(PRODUCT_COUNT * rng.next() ** 1.6);
          const customerId = 1 + rng.int(CUSTOMER_COUNT);
          const uq = rng.next();
          let quantity = 1;
          while (quantityCdf[quantity - 1] < uq) quantity++;
          let price = cents[productId];
          // About one sale in seven is discounted by 5-30 %.
          if (rng.next() < 0.15) price = Math.round(price * (0.95 - 0.05 * rng.int(6)));
          const sec = plan.startSec + Math.floor((rowid - plan.firstRowid + rng.next()) * plan.stepSec);
          parts.push(`${rowid}\t${productId}\t${customerId}\t${formatCents(price)}\t${quantity}\t${clock.format(sec)}\n`);
        }
        return { text: parts.join(''), rows: parts.length };
      },
    };
  }
}

function rangeSource(first: number, last: number, line: (id: number) => string): TsvSource {
  let id = first;
  return {
    next(maxRows) {
      if (id > last) return null;
      const end = Math.min(last, id + maxRows - 1);
      let text = '';
      const start = id;
      for (; id <= end; id++) text += line(id);
      return { text, rows: end - start + 1 };
    },
  };
}

/** 'YYYY-MM-DD HH:MM:SS' in UTC, fast for ascending times: the date part is cached per day. */
class ClockFormatter {
  private day = -1;
  private dayText = '';

  format(sec: number): string {
    const day = Math.floor(sec / DAY);
    if (day !== this.day) {
      this.day = day;
      this.dayText = new Date(day * DAY * 1000).toISOString().slice(0, 10) + ' ';
    }
    const s = sec - day * DAY;
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return `${this.dayText}${two[h]}:${two[m]}:${two[s % 60]}`;
  }
}

/** The time plan of a fresh table: evenly spread from 2019-01-01 to the end of November 2021. */
export function freshPlan(firstRowid: number, rows: number): SalesPlan {
  return { firstRowid, rows, startSec: TIME_START, stepSec: rows > 0 ? (FRESH_END - TIME_START) / rows : 0 };
}

/**
 * The time plan of rows appended after existing ones: the same pace as the table so far,
 * squeezed only if it would run past the end of 2021.
 */
export function appendPlan(
  firstRowid: number,
  rows: number,
  existing: { minRowid: number; maxRowid: number; minSec: number; maxSec: number } | null,
): SalesPlan {
  if (!existing) return freshPlan(firstRowid, rows);
  const span = existing.maxRowid - existing.minRowid;
  let step = span > 0 ? (existing.maxSec - existing.minSec) / span : 60;
  if (!(step > 0)) step = 60;
  const startSec = Math.min(TIME_END, existing.maxSec + 1);
  if (rows > 0 && startSec + rows * step > TIME_END + 1) step = (TIME_END + 1 - startSec) / rows;
  return { firstRowid, rows, startSec, stepSec: step };
}

export function parseSqlTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (!m) throw new Error(`Unexpected timestamp '${text}'`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000;
}
