import path from 'node:path';
import type { Config } from '../config/index.ts';
import { findWatchIndex } from '../rules/find-watch.ts';
import { planSequenceJob } from '../rules/plan-sequence.ts';
import type { Service } from '../service/service.ts';
import type { IntakeRunner } from './intake-runner.ts';
import { createSequenceGather, type SequenceGather } from './sequence-gather.ts';

export interface SequenceIntakeDeps {
  config: () => Config | null;
  service: Pick<Service, 'store' | 'publish'>;
  runner: Pick<IntakeRunner, 'present' | 'removed' | 'isTracking'>;
  now: () => number;
  onError: (error: unknown) => void;
}

/**
 * Image-sequence folders into the intake: each listing of a folder (sequence-gather.ts) becomes a sighting of the
 * folder under its summed identity, so one intake actor settles the folder as a whole and probes it once. Like a
 * file, an identity already queued or judged is left alone (across restarts); "no rule took it" is reconsidered.
 */
export function createSequenceIntake(deps: SequenceIntakeDeps): SequenceGather {
  const { service, runner } = deps;
  return createSequenceGather({
    onFolder: (folder, folderStat) => {
      if (!folderStat?.firstName) {
        runner.removed(folder);
        return;
      }
      const config = deps.config();
      if (!config) return;
      const index = findWatchIndex(config, folder);
      const watch = config.watch[index];
      if (!watch) return;
      const identity = { path: folder, size: folderStat.size, mtimeMs: folderStat.mtimeMs };
      const first = path.join(folder, folderStat.firstName);
      const seen = service.store.getSeen(identity);
      if (
        seen &&
        (seen.outcome !== 'ignored' || !planSequenceJob(config, index, folder, first, deps.now()).ok)
      )
        return;
      if (!runner.isTracking(folder))
        service.publish('file.detected', { path: folder, size: folderStat.size });
      runner.present(folder, folderStat.size, folderStat.mtimeMs, watch.stable_seconds * 1000);
    },
    onError: deps.onError,
  });
}
