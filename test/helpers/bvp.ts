import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BVP_BIN = path.join(REPO_ROOT, 'bin/bvp.js');

/** Runs the real `bvp` binary as a subprocess, the way an operator does; never rejects (check exitCode). */
export function bvp(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): ResultPromise<{
  reject: false;
  all: true;
}> {
  return execa('node', [BVP_BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...options.env, FORCE_COLOR: '0' },
    reject: false,
    all: true,
  });
}
