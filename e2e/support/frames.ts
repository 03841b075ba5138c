import type { Page } from '@playwright/test';

/** What the page-side frame recorder touches (the specs compile without the DOM library). */
type FrameGlobal = {
  __frames: number[];
  __shown: string[];
  __stop: boolean;
  requestAnimationFrame(cb: (t: number) => void): number;
  performance: { now(): number };
  document: { querySelector(s: string): { textContent: string | null } | null };
};

/**
 * Frame intervals (ms) measured with requestAnimationFrame while `during` runs, and, when
 * `watch` names an element, every distinct text it showed meanwhile (sampled each frame).
 */
export async function framesWhile(page: Page, during: () => Promise<void>, watch: string | null = null): Promise<{ frames: number[]; shown: string[] }> {
  await page.evaluate((selector) => {
    const g = globalThis as unknown as FrameGlobal;
    g.__frames = [];
    g.__shown = [];
    g.__stop = false;
    let last = g.performance.now();
    const tick = (t: number) => {
      g.__frames.push(t - last);
      last = t;
      if (selector) {
        const text = g.document.querySelector(selector)?.textContent ?? '';
        if (g.__shown[g.__shown.length - 1] !== text) g.__shown.push(text);
      }
      if (!g.__stop) g.requestAnimationFrame(tick);
    };
    g.requestAnimationFrame(tick);
  }, watch);
  await during();
  return page.evaluate(() => {
    const g = globalThis as unknown as FrameGlobal;
    g.__stop = true;
    return { frames: g.__frames.slice(1), shown: g.__shown };
  });
}

export function frameStats(xs: number[]): { frames: number; median: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { frames: s.length, median: at(0.5), p95: at(0.95), max: s[s.length - 1]! };
}
