import type { RunStatus } from '../../../shared/runs/run.js';
import type { Tone } from '../ui/feedback.js';

export const statusTone: Record<RunStatus, Tone> = {
  queued: 'neutral',
  running: 'running',
  success: 'ok',
  failed: 'bad',
  cancelled: 'warn',
};

export const statusLabel: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  success: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
