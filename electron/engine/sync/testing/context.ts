import type { LogLevel, Progress } from '../../../../shared/runs/run.js';
import type { RunContext } from '../../runs/run-context.js';

/** A RunContext that records what a sync said, for tests and throwaway scripts. */
export interface RecordingContext extends RunContext {
  logs: { level: LogLevel; message: string }[];
  progressEvents: Omit<Progress, 'runId'>[];
  controller: AbortController;
}

export function recordingContext(runId = 'test-run', echo = false): RecordingContext {
  const controller = new AbortController();
  const logs: RecordingContext['logs'] = [];
  const progressEvents: RecordingContext['progressEvents'] = [];
  return {
    runId,
    signal: controller.signal,
    folder: '/tmp',
    controller,
    logs,
    progressEvents,
    log(level, message) {
      logs.push({ level, message });
      if (echo) console.log(`[${level}] ${message}`);
    },
    progress(p) {
      progressEvents.push(p);
    },
  };
}
