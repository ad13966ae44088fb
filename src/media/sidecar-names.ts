import path from 'node:path';

/**
 * The sidecar's temp name, derived from the video's so that whatever finds the video's temp file after a crash (the
 * store keeps one temp path per job) finds this one too: `/out/.show.bvp-tmp-t.mov` → `/out/.show.bvp-tmp-t.mov.wav`,
 * still a hidden temp name the watcher ignores.
 */
export function sidecarTempFor(tempPath: string): string {
  return `${tempPath}.wav`;
}

/** The sidecar's final name beside the video's: `show.mov` → `show.wav`, `show-1.mov` → `show-1.wav`. */
export function sidecarPathFor(outputPath: string): string {
  const ext = path.extname(outputPath);
  return `${outputPath.slice(0, outputPath.length - ext.length)}.wav`;
}

/**
 * Where `collision: overwrite` keeps the old video and WAV while the new pair goes in: hidden temp names derived
 * from the job's temp path (so boot recovery, which knows that path, finds them), ignored by the watcher.
 */
export function overwriteBackupsFor(tempPath: string): { video: string; sidecar: string } {
  return { video: `${tempPath}.old`, sidecar: `${sidecarTempFor(tempPath)}.old` };
}
