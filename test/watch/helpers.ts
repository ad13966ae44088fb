import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFolderWatcher } from '../../src/watch/folder-watcher.ts';
import type { CandidateEvent, FolderWatcher, FolderWatcherOptions } from '../../src/watch/types.ts';

export async function makeTempDir(
  prefix = 'bvp-watch-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Writes a file the way a copy tool finishes one: into a hidden name (never a candidate), then renamed into place,
 * so a watcher never catches it half-written. Tests of growing files write in place on purpose.
 */
export async function put(file: string, content: string | Buffer = 'x'): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  const hidden = path.join(path.dirname(file), `.put-${path.basename(file)}`);
  await writeFile(hidden, content);
  await rename(hidden, file);
  return file;
}

/** Collects a watcher's output; `until` waits for a condition, re-checked on every event, with a deadline. */
export class Collector {
  readonly events: CandidateEvent[] = [];
  readonly errors: Error[] = [];
  private readonly waiters = new Set<() => void>();

  readonly onCandidate = (event: CandidateEvent): void => {
    this.events.push(event);
    for (const wake of this.waiters) wake();
  };

  readonly onError = (error: Error): void => {
    this.errors.push(error);
    for (const wake of this.waiters) wake();
  };

  presentPaths(): string[] {
    return this.events.filter((e) => e.type === 'present').map((e) => e.path);
  }

  of(file: string): CandidateEvent[] {
    return this.events.filter((e) => e.path === file);
  }

  until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const wake = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        const seen = this.events.map((e) => `${e.type} ${e.path}`).join('\n  ');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; events:\n  ${seen}`));
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }
}

/** For conditions no event announces (handles closing): re-check on a short period until a deadline. */
export async function pollUntil(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export type TestWatcherOptions = Partial<Omit<FolderWatcherOptions, 'onCandidate' | 'onError'>> & {
  path: string;
};

/** A watcher with test defaults: recursive, video extensions, no ignore rule, a poll period long enough to not matter. */
export function watcherFor(
  options: TestWatcherOptions,
  sink: Pick<FolderWatcherOptions, 'onCandidate' | 'onError'>,
): FolderWatcher {
  return createFolderWatcher({
    recursive: true,
    extensions: ['mov', 'mp4', 'mxf', 'wav'],
    ignore: () => false,
    excludeDirs: [],
    pollIntervalMs: 60_000,
    usePolling: false,
    ...options,
    onCandidate: sink.onCandidate,
    onError: sink.onError,
  });
}
