import { isAbsolute, relative, resolve, sep } from 'node:path';
import { isInsideOrSame } from '../config/resolve-path.ts';
import type { WatchConfig } from '../config/types.ts';
import { compileGlob } from './glob.ts';
import type { TextMatcher } from './safe-regex.ts';

export type CandidateCheck = { ok: true; relPath: string } | { ok: false; reason: string };

/**
 * Whether a path seen in a watch folder is a source at all, before any rule is tried: inside the folder, not in an
 * excluded (output or move-to) folder (an output would come back as a source), not below the top level of a non-recursive watch, not ignored
 * (AppleDouble, partial downloads, our temp files), and with a watched extension. On success gives the path
 * relative to the watch folder with `/` separators, which is what rules match against.
 */
export function checkCandidate(
  watch: Pick<WatchConfig, 'path' | 'recursive' | 'extensions' | 'ignore' | 'exclude'>,
  absPath: string,
): CandidateCheck {
  const full = resolve(absPath);
  const rel = relative(watch.path, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    return { ok: false, reason: `not inside the watch folder ${watch.path}` };
  }
  const relPath = rel.split(sep).join('/');
  const excluded = watch.exclude.find((folder) => isInsideOrSame(folder, full));
  if (excluded)
    return { ok: false, reason: `inside ${excluded}, which is excluded (an output or move-to folder)` };
  if (!watch.recursive && relPath.includes('/')) {
    return { ok: false, reason: 'in a sub-folder, and this watch folder is not recursive' };
  }
  const glob = ignoredBy(watch.ignore, relPath);
  if (glob) return { ok: false, reason: `ignored by "${glob}"` };
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (!watch.extensions.includes('*') && !watch.extensions.includes(ext)) {
    return { ok: false, reason: ext ? `extension .${ext} is not watched` : 'the file has no extension' };
  }
  return { ok: true, relPath };
}

const compiled = new WeakMap<readonly string[], { glob: string; whole: boolean; regex: TextMatcher }[]>();

/**
 * The ignore glob that matches, if any. A glob with a `/` matches the whole relative path; one without matches any
 * single folder or file name along it, like .gitignore (so `.*` also skips `.Trashes/x.mov`).
 */
export function ignoredBy(globs: readonly string[], relPath: string): string | undefined {
  let list = compiled.get(globs);
  if (!list) {
    list = globs.flatMap((glob) => {
      const result = compileGlob(glob);
      return result.ok ? [{ glob, whole: glob.includes('/'), regex: result.regex }] : [];
    });
    compiled.set(globs, list);
  }
  const path = relPath.normalize('NFC');
  const segments = path.split('/');
  return list.find(({ whole, regex }) => (whole ? regex.test(path) : segments.some((s) => regex.test(s))))
    ?.glob;
}
