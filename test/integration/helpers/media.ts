import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { MediaInfo } from '../../../src/media/media-info.ts';
import { probe } from '../../../src/media/probe.ts';

/** ffprobe on an output, as an operator's player would open it: real streams, a real duration. */
export function probeOutput(file: string): Promise<MediaInfo> {
  return probe(file, { ffprobe: 'ffprobe' });
}

/** Every file below `dir`, as paths relative to it (`/`-separated), sorted; [] when `dir` does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Config in the richer form, paths relative to the config file: watch folders, ./output and ./data. */
export function hotConfig(
  watch: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { watch, output: './output', data: './data', concurrency: 1, ...extra };
}
