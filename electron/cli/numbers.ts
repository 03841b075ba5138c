// Made on first use: the first Intl formatter of a process costs ~10 ms, which --help need not pay.
let formatter: Intl.NumberFormat | null = null;

/** 1234567 -> "1,234,567", as every command prints counts. */
export function formatNumber(n: number): string {
  formatter ??= new Intl.NumberFormat('en-US');
  return formatter.format(n);
}
