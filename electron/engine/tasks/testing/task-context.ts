import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { LogLevel } from '../../../../shared/runs/run.js';
import type { ResolvedConnection } from '../../connections/resolved.js';
import { parseConnectionUrl } from '../../connections/url.js';
import type { TaskContext, TaskMetrics, TaskOutput } from '../../pipelines/task-kind.js';

export interface TestTaskContext extends TaskContext {
  logs: { level: LogLevel; message: string }[];
  metricsSeen: Partial<TaskMetrics>[];
}

/**
 * A task context as the runner builds it (a fresh task folder inside the run folder),
 * recording logs and metrics so tests can assert what a user would see.
 */
export async function testTaskContext(opts: {
  runFolder: string;
  taskId: string;
  inputs?: Record<string, TaskOutput>;
  signal?: AbortSignal;
  connections?: Record<string, ResolvedConnection>;
}): Promise<TestTaskContext> {
  const taskFolder = path.join(opts.runFolder, opts.taskId);
  await mkdir(taskFolder, { recursive: true });
  const logs: TestTaskContext['logs'] = [];
  const metricsSeen: Partial<TaskMetrics>[] = [];
  return {
    runId: 'test-run',
    taskId: opts.taskId,
    attempt: 0,
    signal: opts.signal ?? new AbortController().signal,
    runFolder: opts.runFolder,
    taskFolder,
    params: {},
    inputs: opts.inputs ?? {},
    log: (level, message) => logs.push({ level, message }),
    metrics: (m) => metricsSeen.push(m),
    resolveConnection: async (ref) => opts.connections?.[ref] ?? parseConnectionUrl(ref),
    logs,
    metricsSeen,
  };
}
