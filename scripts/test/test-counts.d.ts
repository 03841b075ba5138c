// Types for the plain-JS module beside it (scripts run on Node without a build).
export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}
export function readVitestCounts(file: string): TestCounts | undefined;
export function readPlaywrightCounts(file: string): TestCounts | undefined;
