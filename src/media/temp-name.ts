import path from 'node:path';

/**
 * Glob (for chokidar `ignored`, reconcile scans and boot cleanup) matching every temp file ffmpeg writes into. The
 * leading dot hides it from Finder and `ls`; QLab and operators never see a half-written file under a real name.
 */
export const TEMP_NAME_GLOB = '.*.bvp-tmp-*';

/** The same as {@link TEMP_NAME_GLOB}, for a base name. */
export const TEMP_NAME_PATTERN = /^\..*\.bvp-tmp-[^/\\]*$/;

const MARKER = '.bvp-tmp-';
// Linux, macOS and Windows all limit a single path component to 255 (bytes on Linux).
const NAME_MAX_BYTES = 255;

/**
 * A hidden temp path beside the output, in the same folder so the final rename never crosses a filesystem:
 * `/out/show.mov` → `/out/.show.bvp-tmp-<token>.mov`. The extension is kept for tools that look at it; ffmpeg
 * gets an explicit `-f`, so it does not depend on it.
 *
 * @example
 * tempPathFor('/out/show.mov', 'job42-1'); // → '/out/.show.bvp-tmp-job42-1.mov'
 */
export function tempPathFor(outputPath: string, token: string): string {
  const dir = path.dirname(outputPath);
  const ext = path.extname(outputPath);
  const safeToken = token.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'x';
  const suffix = `${MARKER}${safeToken}${ext}`;
  let stem = path.basename(outputPath, ext);
  // A long output name plus the marker could exceed the name limit; the stem gives way, never the marker.
  const budget = NAME_MAX_BYTES - Buffer.byteLength(`.${suffix}`);
  while (Buffer.byteLength(stem) > budget) stem = [...stem].slice(0, -1).join('');
  return path.join(dir, `.${stem}${suffix}`);
}

/** True for a temp file name (or a path ending in one). */
export function isTempName(nameOrPath: string): boolean {
  return TEMP_NAME_PATTERN.test(path.basename(nameOrPath));
}
