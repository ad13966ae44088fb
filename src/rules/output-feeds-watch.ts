import { isInsideOrSame } from '../config/resolve-path.ts';
import type { Config } from '../config/types.ts';

/**
 * The watch folder an output would land in, or null. An output written where a watcher looks would come back as a
 * new source and be encoded again, forever; an excluded folder inside the watch folder is safe. Both planners — the
 * hot folders' (plan-job.ts) and `POST /jobs`' (src/http/submit-policy.ts) — refuse such an output alike.
 */
export function watchFedBy(config: Config, outputPath: string): string | null {
  const fed = config.watch.find(
    (w) => isInsideOrSame(w.path, outputPath) && !w.exclude.some((x) => isInsideOrSame(x, outputPath)),
  );
  return fed ? fed.path : null;
}

/** The refusal both planners give, naming the output and the folder. */
export function fedWatchReason(outputPath: string, watchPath: string): string {
  return `the output ${outputPath} would land in the watch folder ${watchPath}`;
}
