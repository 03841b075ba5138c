import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_FLAG } from './young-generation.js';

/** Young-generation size (new space, MiB) of a fresh Node process after a stream of short-lived rows and buffers, set up the way keepYoungGenerationSmall does or not. */
function newSpaceAfterChurn(keepSmall: boolean): number {
  const script = `
    import v8 from 'node:v8';
    ${keepSmall ? `v8.setFlagsFromString(${JSON.stringify(YOUNG_GENERATION_FLAG)});` : ''}
    let keep = [];
    for (let i = 0; i < 1000000; i++) {
      keep.push({ row: i, bytes: Buffer.allocUnsafe(2048), text: 'r' + i });
      if (keep.length > 256) keep = [];
    }
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(String(space.space_size / 1048576));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return Number(out);
}

describe('keepYoungGenerationSmall', () => {
  it('stops the young generation from growing under a stream of garbage', () => {
    const grown = newSpaceAfterChurn(false);
    const kept = newSpaceAfterChurn(true);
    expect(grown).toBeGreaterThanOrEqual(16);
    expect(kept).toBeLessThanOrEqual(4);
  });
});
