// Is dist/ the build of the sources as they are now? Read by bin/bvp.js on every start, so it uses nothing but
// node:fs and costs a few milliseconds: one stat per source file the build read (esbuild's own list of inputs).
//
// A file's (size, mtime) must equal what the build saw; equality, not "newer than", so a source restored with an
// older time (git stash, cp -p, rsync -t) is caught too. A file the build never read cannot change what it runs,
// except through a file it did read, whose edit is caught.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const STAMP_FILE = 'build-stamp.json';

/** Files outside the bundle's inputs that change what the bundle holds: the dependency versions. */
export const EXTRA_INPUTS = ['package.json', 'package-lock.json'];

/** `[size, mtimeMs]` of a file, or null when it is missing. */
export function fingerprintOf(file) {
  try {
    const s = statSync(file);
    return [s.size, s.mtimeMs];
  } catch {
    return null;
  }
}

/**
 * Compares dist/build-stamp.json with the files on disk.
 * @returns {{ fresh: true } | { fresh: false, reason: string }}
 */
export function checkBuild(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(root, 'dist', STAMP_FILE), 'utf8'));
  } catch {
    return { fresh: false, reason: 'there is no build in dist/' };
  }
  for (const [rel, seen] of Object.entries(stamp.inputs ?? {})) {
    const now = fingerprintOf(path.join(root, rel));
    if (now === null && seen === null) continue;
    if (now === null || seen === null || now[0] !== seen[0] || now[1] !== seen[1]) {
      return { fresh: false, reason: `${rel} changed since dist/ was built` };
    }
  }
  return { fresh: true };
}
