import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../../shared/runs/run.js';
import { LogBuffer } from '../../logs/log-buffer.js';
import { TaskLogFilter } from './task-log.js';

function lines(from: number, count: number): LogLine[] {
  const out: LogLine[] = [];
  for (let i = from; i < from + count; i++) {
    out.push({ runId: 'r', seq: i, time: '2025-01-01T00:00:00.000Z', level: i % 7 === 0 ? 'warn' : 'info', message: `line ${i}`, ...(i % 4 === 3 ? {} : { taskId: i % 2 === 0 ? 'extract' : 'filter' }) });
  }
  return out;
}

describe('one task\'s log lines', () => {
  it('picks out a task\'s lines from a million, in order, and catches up with new batches only', () => {
    const run = new LogBuffer();
    run.append(lines(0, 1_000_000));
    const filter = new TaskLogFilter(run, 'filter');
    const first = filter.update();
    // Odd lines belong to 'filter' except every fourth (run-level lines without a task).
    expect(first).toBe(250_000);
    expect(filter.out.row(0).message).toBe('line 1');
    expect(filter.out.row(1).message).toBe('line 5');
    expect(filter.out.row(first - 1).message).toBe('line 999997');
    expect(filter.update()).toBe(first);

    run.append(lines(1_000_000, 8));
    expect(filter.update()).toBe(first + 2);
    expect(filter.out.row(first + 1).message).toBe('line 1000005');
    expect(filter.out.row(first + 1).level).toBe('info');
  });
});
