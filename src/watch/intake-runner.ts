import {
  type AnyActorRef,
  type AnyStateMachine,
  createActor,
  fromPromise,
  type InspectionEvent,
} from 'xstate';
import { type IntakeOutput, intakeMachine, type StatResult } from '../../machines/intake.ts';
import type { MediaInfo } from '../media/media-info.ts';
import { type ProbeOptions, probe } from '../media/probe.ts';
import { statSource } from '../media/source-stat.ts';
import { type FindOpenWriters, openWriterFinder } from '../runtime/open-writers.ts';

export interface IntakeRunnerOptions {
  ffprobe: string;
  /** The probe itself (default ffprobe through probe.ts); tests count calls with their own. */
  probeFile?: (file: string, options: ProbeOptions) => Promise<MediaInfo>;
  /** ffprobe runs at once across all candidates, so a burst of 10,000 files does not start 10,000 processes. */
  probeConcurrency?: number;
  /** Who still has a settled file open for writing; default the platform's way (/proc, lsof, or nothing). */
  openWriters?: FindOpenWriters;
  onOutcome: (output: IntakeOutput, stableMs: number) => void;
  onError: (path: string, error: unknown) => void;
  /** XState's inspection callback for one intake actor, by its inspector name `intake:<path>`. */
  inspect?: (rootName: string) => (event: InspectionEvent) => void;
}

export interface IntakeRunner {
  /** A sighting of a file (new, grown, touched): starts its settling, or restarts it. */
  present(path: string, size: number, mtimeMs: number, stableMs: number): void;
  removed(path: string): void;
  /** Files currently settling or being probed. */
  settling(): number;
  /** Their paths, so a caller can count them per folder. */
  trackedPaths(): string[];
  isTracking(path: string): boolean;
  close(): void;
  /** The intake machine as the runner provides it: what GET /api/v1/machines describes. */
  readonly logic: AnyStateMachine;
  /** Live intake actors by inspector name (`intake:<path>`). */
  inspectActors(): [string, AnyActorRef][];
}

/** A counting semaphore: at most `limit` probes at once, the rest wait their turn in order. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * One intake actor per candidate path (machines/intake.ts): settling until size and mtime hold still for the stable
 * window, then a stat and an ffprobe. fs events only restart the wait; the verdict comes from the machine.
 */
export function createIntakeRunner(options: IntakeRunnerOptions): IntakeRunner {
  const limit = limiter(options.probeConcurrency ?? 4);
  const openWriters = options.openWriters ?? openWriterFinder().find;
  const probeFile = options.probeFile ?? probe;
  // What the writers check looks at, where it is not the path itself: a sequence folder's newest frame.
  const writerTargets = new Map<string, string>();
  const logic = intakeMachine.provide({
    actors: {
      stat: fromPromise<StatResult, { path: string }>(async ({ input }) => {
        // An image-sequence folder counts by its frames: summed size, newest mtime (src/media/source-stat.ts).
        const s = await statSource(input.path);
        if (s.writerTarget !== input.path) writerTargets.set(input.path, s.writerTarget);
        return { size: s.size, mtimeMs: s.mtimeMs };
      }),
      probe: fromPromise<MediaInfo, { path: string }>(({ input, signal }) =>
        limit(() => probeFile(input.path, { ffprobe: options.ffprobe, signal })),
      ),
      writers: fromPromise<number[], { path: string }>(async ({ input }) =>
        // A folder's newest frame (as of the stat just before) is the one a copy still in progress has open.
        (await openWriters(writerTargets.get(input.path) ?? input.path)).map((w) => w.pid),
      ),
    },
  });
  const actors = new Map<string, ReturnType<typeof createActor<typeof logic>>>();
  let closed = false;

  return {
    present(path, size, mtimeMs, stableMs) {
      // A sighting that arrives after close (a folder listing that was under way) starts nothing.
      if (closed) return;
      const existing = actors.get(path);
      if (existing) {
        existing.send({ type: 'CHANGED', size, mtimeMs });
        return;
      }
      const inspect = options.inspect?.(`intake:${path}`);
      const actor = createActor(logic, { input: { path, stableMs, size, mtimeMs }, inspect });
      actors.set(path, actor);
      actor.subscribe({
        complete: () => {
          actors.delete(path);
          writerTargets.delete(path);
          const output = actor.getSnapshot().output;
          if (output) options.onOutcome(output, stableMs);
        },
        error: (error) => {
          actors.delete(path);
          writerTargets.delete(path);
          options.onError(path, error);
        },
      });
      actor.start();
    },
    removed(path) {
      actors.get(path)?.send({ type: 'DELETED' });
    },
    settling: () => actors.size,
    trackedPaths: () => [...actors.keys()],
    isTracking: (path) => actors.has(path),
    logic,
    inspectActors: () => [...actors].map(([path, actor]) => [`intake:${path}`, actor]),
    close() {
      closed = true;
      for (const actor of actors.values()) actor.stop();
      actors.clear();
    },
  };
}
