import path from 'node:path';

export interface CandidateFilterOptions {
  root: string;
  recursive: boolean;
  extensions: string[];
  ignore: (relPath: string, basename: string) => boolean;
  excludeDirs: string[];
}

/** Path-only decisions shared by the reconcile scan and the chokidar adapter; no I/O. */
export interface CandidateFilter {
  readonly root: string;
  /** `/`-separated path relative to the root; '' for the root itself. */
  relPath(absPath: string): string;
  /** A directory the scan must not descend into (and chokidar must not watch). */
  isPrunedDir(absPath: string): boolean;
  /** A path that may be a candidate file, judged by name and place alone (the caller still lstats it). */
  isCandidatePath(absPath: string): boolean;
  /** Cheap pre-check for chokidar's `ignored`: true only when the path can never hold or be a candidate. */
  isPrunedPath(absPath: string): boolean;
}

/** True when `child` is `parent` or lies below it. */
export function isInside(parent: string, child: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(prefix);
}

function normaliseExtension(ext: string): string {
  return ext.trim().replace(/^\./, '').toLowerCase();
}

/**
 * Hidden names are never candidates: that covers AppleDouble `._clip.mov` and `.DS_Store`, our own temp
 * outputs `.<name>.bvp-tmp-<token>.<ext>`, and the `.name.XXXXXX` files rsync and many copy tools write before
 * renaming into place — a half-copied file under a hidden name must not start settling.
 */
function isHiddenName(name: string): boolean {
  return name.startsWith('.');
}

export function createCandidateFilter(options: CandidateFilterOptions): CandidateFilter {
  const root = path.resolve(options.root);
  const extensions = new Set(options.extensions.map(normaliseExtension).filter((e) => e !== ''));
  const excludeDirs = options.excludeDirs.map((dir) => path.resolve(dir));

  const relPath = (absPath: string): string => {
    const rel = path.relative(root, absPath);
    return path.sep === '/' ? rel : rel.split(path.sep).join('/');
  };
  const isExcluded = (absPath: string): boolean => excludeDirs.some((dir) => isInside(dir, absPath));
  // Segments between the root and the entry; a hidden segment anywhere (a dot-folder) hides everything below it.
  const hasHiddenSegment = (rel: string): boolean => rel.split('/').some(isHiddenName);

  const isPrunedDir = (absPath: string): boolean => {
    if (absPath === root) return false;
    if (!isInside(root, absPath)) return true;
    return hasHiddenSegment(relPath(absPath)) || isExcluded(absPath);
  };

  const isCandidatePath = (absPath: string): boolean => {
    if (absPath === root || !isInside(root, absPath)) return false;
    const rel = relPath(absPath);
    if (!options.recursive && rel.includes('/')) return false;
    if (hasHiddenSegment(rel) || isExcluded(absPath)) return false;
    const base = path.basename(absPath);
    if (!extensions.has(normaliseExtension(path.extname(base)))) return false;
    return !options.ignore(rel, base);
  };

  const isPrunedPath = (absPath: string): boolean => {
    // Ancestors of the root must stay visible: chokidar watches the parent while the root does not exist yet.
    if (absPath === root || !isInside(root, absPath)) return false;
    return hasHiddenSegment(relPath(absPath)) || isExcluded(absPath);
  };

  return { root, relPath, isPrunedDir, isCandidatePath, isPrunedPath };
}
