import { resolve } from 'node:path';
import { isInsideOrSame } from '../config/resolve-path.ts';
import type { Config } from '../config/types.ts';

/** The index of the watch folder holding `absPath` (the deepest, should folders nest), or -1. */
export function findWatchIndex(config: Pick<Config, 'watch'>, absPath: string): number {
  const path = resolve(absPath);
  let best = -1;
  config.watch.forEach((watch, i) => {
    if (path !== watch.path && isInsideOrSame(watch.path, path)) {
      if (best < 0 || watch.path.length > config.watch[best]!.path.length) best = i;
    }
  });
  return best;
}
