import { describe, expect, it } from 'vitest';
import { logLines } from '../test-support/fixtures.js';
import { LogBuffer, LogView } from './log-buffer.js';

describe('LogBuffer and LogView', () => {
  it('skips lines it already holds when a batch is delivered twice', () => {
    const buffer = new LogBuffer();
    buffer.append(logLines('r', 10));
    buffer.append(logLines('r', 15, 5));
    expect(buffer.length).toBe(20);
    expect(buffer.row(19).message).toBe('line 19');
  });

  it('filters by level and text and extends the filtered view as lines arrive', () => {
    const buffer = new LogBuffer();
    buffer.append(logLines('r', 1000));
    const warnings = new LogView(buffer, { minLevel: 'warn', text: '' });
    expect(warnings.update()).toBe(20);
    expect(warnings.row(1).message).toBe('line 50');
    buffer.append(logLines('r', 100, 1000));
    expect(warnings.update()).toBe(22);

    const text = new LogView(buffer, { minLevel: 'debug', text: 'LINE 99' });
    expect(text.update()).toBe(11); // line 99 and line 990..999
    expect(text.toText().split('\n')[0]).toMatch(/INFO +line 99$/);
  });

  it('holds a million lines and filters them quickly', () => {
    const buffer = new LogBuffer();
    for (let i = 0; i < 100; i++) buffer.append(logLines('r', 10_000, i * 10_000));
    expect(buffer.length).toBe(1_000_000);
    const started = performance.now();
    const view = new LogView(buffer, { minLevel: 'debug', text: 'line 99999' });
    expect(view.update()).toBe(11); // 99999 and 999990..999999
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(view.row(view.length - 1).message).toBe('line 999999');
  });
});
