import type { GeneratorIdentity, Progress, RunLoadOptions, ScenarioModule } from '../load/types.ts';
import type { RunSummary } from '../result/types.ts';

/** Parent → worker process messages (`src/shard/workers.ts`). */
export type ToWorker =
  | { type: 'prepare'; scenario: ScenarioModule; generator: GeneratorIdentity }
  | { type: 'run'; options: RunLoadOptions }
  | { type: 'abort'; reason: string; signal?: NodeJS.Signals };

/** Worker process → parent messages. */
export type ToParent =
  | { type: 'ready' }
  | { type: 'prepared' }
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; summary: RunSummary }
  | { type: 'error'; message: string; code: string | undefined };
