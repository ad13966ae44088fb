import path from 'node:path';

/** True when `file` (resolved) is `folder` itself or lies below it; lexical, after resolving `..`. */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(path.resolve(folder), path.resolve(file));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export function isInsideAny(file: string, folders: readonly string[]): boolean {
  return folders.some((folder) => isInside(file, folder));
}
