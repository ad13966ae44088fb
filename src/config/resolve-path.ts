import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';

/** Relative paths in a config file mean "next to this file", never the process's cwd (a service started from another folder must read the same config the same way). */
export function resolveConfigPath(baseDir: string, value: string): string {
  if (value === '~') return homedir();
  if (value.startsWith('~/')) return resolve(homedir(), value.slice(2));
  return isAbsolute(value) ? resolve(value) : resolve(baseDir, value);
}

/** A bare command name (`ffmpeg`) is looked up on PATH; anything with a separator is a path. */
export function resolveCommandPath(baseDir: string, value: string): string {
  return /[/\\]/.test(value) || value.startsWith('~') ? resolveConfigPath(baseDir, value) : value;
}

/** True when `child` is `parent` or lies below it (lexically; symlinks are checked where files are written). */
export function isInsideOrSame(parent: string, child: string): boolean {
  if (parent === child) return true;
  const withSep = parent.endsWith('/') || parent.endsWith('\\') ? parent : `${parent}/`;
  return child.startsWith(withSep) || child.startsWith(withSep.replace(/\/$/, '\\'));
}
