import { assign, fromPromise, type SnapshotFrom, setup } from 'xstate';
import type { MediaInfo } from './media-info.ts';
import type { SourceIdentity } from './types.ts';

/**
 * One candidate file, from the first sighting to a verdict. A file is only handed on once it has stayed the same
 * size and mtime for the folder's stable window — checked by a `stat` after the wait, not only by fs events, which
 * can be late or missing — no process on this machine still has it open for writing (where the platform can tell),
 * and ffprobe can read audio or video from it. Any change, or a writer still present, starts the wait again.
 */
export interface IntakeInput {
  path: string;
  /** The folder's stable window: no change for this long before the file is probed. */
  stableMs: number;
  /** What the watcher saw; without it the first stat counts as a change and the wait runs twice. */
  size?: number;
  mtimeMs?: number;
}

export interface StatResult {
  size: number;
  mtimeMs: number;
}

/** `probe_failed`: ffprobe itself failed (missing, timed out); the file may be fine, worth another try later. */
export type IntakeRejectReason = 'zero_bytes' | 'unreadable' | 'no_streams' | 'probe_failed';

export type IntakeOutput =
  | { outcome: 'ready'; path: string; identity: SourceIdentity; info: MediaInfo }
  | {
      outcome: 'rejected';
      path: string;
      reason: IntakeRejectReason;
      message: string;
      /** The size and mtime the verdict is about; null when the file could not even be stat'ed. */
      identity: SourceIdentity | null;
    }
  | { outcome: 'gone'; path: string };

export type IntakeEvent = { type: 'CHANGED'; size: number; mtimeMs: number } | { type: 'DELETED' };

export interface IntakeContext {
  path: string;
  stableMs: number;
  /** Last size and mtime seen, by event or stat; null before the first. */
  size: number | null;
  mtimeMs: number | null;
  outcome: IntakeOutput | null;
}

// Placeholders keep the machine complete on its own; src/watch supplies the real ones through provide().
const statNotProvided = fromPromise<StatResult, { path: string }>(async () => {
  throw new Error('no stat actor was provided to the intake machine');
});
const probeNotProvided = fromPromise<MediaInfo, { path: string }>(async () => {
  throw new Error('no probe actor was provided to the intake machine');
});
// Where the platform cannot tell who has a file open, nobody is known to: the stable window alone decides.
const noWritersKnown = fromPromise<number[], { path: string }>(async () => []);

function fieldOf(error: unknown, key: 'code' | 'message'): string | undefined {
  const value =
    typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The file vanished under us: a BvpError input.missing from probe, or a plain ENOENT from stat. */
function isMissing(error: unknown): boolean {
  const code = fieldOf(error, 'code');
  return code === 'input.missing' || code === 'ENOENT';
}

function reasonOf(error: unknown): IntakeRejectReason {
  const code = fieldOf(error, 'code') ?? '';
  if (code === 'input.no_streams') return 'no_streams';
  return code.startsWith('ffmpeg.') ? 'probe_failed' : 'unreadable';
}

function playable(info: MediaInfo): boolean {
  return info.streams.some((s) => s.type === 'audio' || (s.type === 'video' && !s.attachedPicture));
}

export const intakeMachine = setup({
  types: {
    context: {} as IntakeContext,
    events: {} as IntakeEvent,
    input: {} as IntakeInput,
    output: {} as IntakeOutput,
  },
  actors: { stat: statNotProvided, probe: probeNotProvided, writers: noWritersKnown },
  delays: { settle: ({ context }) => context.stableMs },
  guards: {
    differs: ({ context }, params: StatResult) =>
      params.size !== context.size || params.mtimeMs !== context.mtimeMs,
    empty: ({ context }) => context.size === 0,
    playable: (_, params: { info: MediaInfo }) => playable(params.info),
    beingWritten: (_, params: { pids: number[] }) => params.pids.length > 0,
    missing: (_, params: { error: unknown }) => isMissing(params.error),
  },
  actions: {
    remember: assign((_, params: StatResult) => ({ size: params.size, mtimeMs: params.mtimeMs })),
    accept: assign(({ context }, params: { info: MediaInfo }) => ({
      outcome: {
        outcome: 'ready' as const,
        path: context.path,
        identity: { path: context.path, size: context.size ?? 0, mtimeMs: context.mtimeMs ?? 0 },
        info: params.info,
      },
    })),
    reject: assign(
      ({ context }, params: { reason: IntakeRejectReason; message: string; statFailed?: boolean }) => ({
        outcome: {
          outcome: 'rejected' as const,
          path: context.path,
          reason: params.reason,
          message: params.message,
          // When the stat itself failed, the size and mtime held are only the watcher's sighting.
          identity:
            params.statFailed || context.size === null || context.mtimeMs === null
              ? null
              : { path: context.path, size: context.size, mtimeMs: context.mtimeMs },
        },
      }),
    ),
    vanish: assign(({ context }) => ({ outcome: { outcome: 'gone' as const, path: context.path } })),
  },
}).createMachine({
  id: 'intake',
  context: ({ input }) => ({
    path: input.path,
    stableMs: input.stableMs,
    size: input.size ?? null,
    mtimeMs: input.mtimeMs ?? null,
    outcome: null,
  }),
  output: ({ context }) => context.outcome!,
  on: {
    DELETED: { target: '.gone', actions: 'vanish' },
  },
  initial: 'settling',
  states: {
    settling: {
      after: { settle: 'checking' },
      on: {
        // Re-entering restarts the `settle` timer.
        CHANGED: {
          target: 'settling',
          reenter: true,
          actions: { type: 'remember', params: ({ event }) => event },
        },
      },
    },
    checking: {
      invoke: {
        src: 'stat',
        input: ({ context }) => ({ path: context.path }),
        onDone: [
          {
            guard: { type: 'differs', params: ({ event }) => event.output },
            target: 'settling',
            actions: { type: 'remember', params: ({ event }) => event.output },
          },
          {
            guard: 'empty',
            target: 'rejected',
            actions: {
              type: 'reject',
              params: ({ context }) => ({
                reason: 'zero_bytes',
                message: `${context.path} is still empty after ${context.stableMs} ms`,
              }),
            },
          },
          { target: 'writers' },
        ],
        onError: [
          { guard: { type: 'missing', params: ({ event }) => event }, target: 'gone', actions: 'vanish' },
          {
            target: 'rejected',
            actions: {
              type: 'reject',
              params: ({ event }) => ({
                reason: 'unreadable',
                message: fieldOf(event.error, 'message') ?? String(event.error),
                statFailed: true,
              }),
            },
          },
        ],
      },
      on: { CHANGED: { target: 'settling', actions: { type: 'remember', params: ({ event }) => event } } },
    },
    // Still open for writing by some process (a copy paused longer than the window): not done, wait again.
    writers: {
      invoke: {
        src: 'writers',
        input: ({ context }) => ({ path: context.path }),
        onDone: [
          {
            guard: { type: 'beingWritten', params: ({ event }) => ({ pids: event.output }) },
            target: 'settling',
          },
          { target: 'probing' },
        ],
        // Not knowing is not a reason to refuse a file; the stable window already held.
        onError: { target: 'probing' },
      },
      on: { CHANGED: { target: 'settling', actions: { type: 'remember', params: ({ event }) => event } } },
    },
    probing: {
      invoke: {
        src: 'probe',
        input: ({ context }) => ({ path: context.path }),
        onDone: [
          {
            guard: { type: 'playable', params: ({ event }) => ({ info: event.output }) },
            target: 'ready',
            actions: { type: 'accept', params: ({ event }) => ({ info: event.output }) },
          },
          {
            target: 'rejected',
            actions: {
              type: 'reject',
              params: ({ context }) => ({
                reason: 'no_streams',
                message: `${context.path} has no audio or video streams`,
              }),
            },
          },
        ],
        onError: [
          { guard: { type: 'missing', params: ({ event }) => event }, target: 'gone', actions: 'vanish' },
          {
            target: 'rejected',
            actions: {
              type: 'reject',
              params: ({ event }) => ({
                reason: reasonOf(event.error),
                message: fieldOf(event.error, 'message') ?? String(event.error),
              }),
            },
          },
        ],
      },
      on: { CHANGED: { target: 'settling', actions: { type: 'remember', params: ({ event }) => event } } },
    },
    ready: { type: 'final' },
    rejected: { type: 'final' },
    gone: { type: 'final' },
  },
});

export type IntakeSnapshot = SnapshotFrom<typeof intakeMachine>;
