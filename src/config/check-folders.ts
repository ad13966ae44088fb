import type { SourceAction } from '../../machines/types.ts';
import type { WatchOrigin } from './normalize.ts';
import { isInsideOrSame } from './resolve-path.ts';
import type { RawIssue } from './schema-issues.ts';
import type { Config } from './types.ts';

/**
 * How the folders relate. An output (or move-to) folder that *is* a watch folder would feed every output back in
 * as a new source, forever, and is refused; one nested inside a watch folder is fine but is added to that watch's
 * `exclude`, so the watcher never ingests it. Two watches over the same files would queue each file twice.
 * Returns the config with `exclude` filled in.
 */
export function checkFolders(
  config: Config,
  origins: readonly WatchOrigin[],
): { config: Config; issues: RawIssue[] } {
  const issues: RawIssue[] = [];
  const written: { folder: string; what: string; path: RawIssue['path'] }[] = [];
  config.watch.forEach((watch, i) => {
    const origin = origins[i]!;
    written.push({ folder: watch.output, what: 'output folder', path: origin.output });
    const moves: { action: SourceAction; path: RawIssue['path'] }[] = [
      { action: watch.source_action, path: origin.sourceAction },
      ...watch.rules.map((rule, r) => ({ action: rule.source_action, path: origin.rules[r]! })),
    ];
    for (const { action, path } of moves) {
      if (action.kind === 'move') written.push({ folder: action.folder, what: 'move-to folder', path });
    }
  });

  const watch = config.watch.map((w, i) => {
    const exclude = new Set(w.exclude);
    for (const target of written) {
      if (target.folder === w.path) {
        issues.push({
          path: target.path,
          message: `the ${target.what} is the watch folder ${w.path} itself: every file written there would be ingested again; use another folder (one inside it is fine)`,
        });
      } else if (isInsideOrSame(w.path, target.folder)) {
        exclude.add(target.folder);
      }
    }
    config.watch.forEach((other, j) => {
      if (j >= i) return;
      if (other.path === w.path) {
        issues.push({ path: origins[i]!.path, message: `watch[${j}] already watches ${w.path}` });
      } else if (other.recursive && isInsideOrSame(other.path, w.path)) {
        issues.push({
          path: origins[i]!.path,
          message: `${w.path} is inside watch[${j}] (${other.path}), which is recursive: its files would be seen twice`,
        });
      } else if (w.recursive && isInsideOrSame(w.path, other.path)) {
        issues.push({
          path: origins[j]!.path,
          message: `${other.path} is inside watch[${i}] (${w.path}), which is recursive: its files would be seen twice`,
        });
      }
    });
    return { ...w, exclude: [...exclude] };
  });
  return { config: { ...config, watch }, issues };
}
