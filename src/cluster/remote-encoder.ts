import type { Queue } from 'bullmq';
import type { JobProgress } from '../../machines/types.ts';
import { BvpError, type BvpErrorCode } from '../errors.ts';
import type { EncodeRequest, Encoder } from '../media/encoder.ts';
import type { FfmpegOutcome, FfmpegRun } from '../media/ffmpeg-run.ts';
import { bullJobId, type ClusterCommand, type EncodePayload } from './protocol.ts';

export interface RemoteEncoderDeps {
  queue: Queue<EncodePayload>;
  /** Publishes on the command channel every worker listens on. */
  command: (command: ClusterCommand) => void;
  /** How long a cancel waits for the worker to confirm before the run counts as cancelled anyway. Default 10 s. */
  cancelWaitMs?: number;
  /** A job lost by Redis (flush, restart without AOF) was queued again. */
  onRequeued?: (jobId: string, bullId: string) => void;
  log?: (line: string) => void;
}

interface Handle {
  jobId: string;
  /** The BullMQ id now: a requeue after Redis lost the job takes a new one, so the lost run's events never match. */
  bullId: string;
  requeues: number;
  payload: EncodePayload;
  onProgress?: (progress: JobProgress) => void;
  suspended: boolean;
  cancelling: boolean;
  settled: boolean;
  /** On Redis (the first add finished): only then can Redis have lost it. */
  queued: boolean;
  /** A reconcile is comparing this encode with Redis; another must not start (two would queue it twice). */
  reconciling: boolean;
  lastProgress: JobProgress | null;
  tail: string[];
  resolve: (outcome: FfmpegOutcome) => void;
  reject: (error: BvpError) => void;
}

/** What the coordinator feeds in from BullMQ's QueueEvents, and the reconcile it runs against Redis. */
export interface RemoteEncoder {
  encoder: Encoder;
  active(bullId: string): void;
  progress(bullId: string, data: unknown): void;
  completed(bullId: string, returnvalue: unknown): void;
  failed(bullId: string, reason: string): void;
  /** The jobs in flight (BullMQ ids): the coordinator checks each against Redis's view. */
  inFlight(): string[];
  /** Our job id of an in-flight BullMQ id; null for an old attempt or a stranger. */
  jobOf(bullId: string): string | null;
  /** Compares one in-flight job with Redis: settles it from a missed event, or queues it again if Redis lost it. */
  reconcile(bullId: string): Promise<void>;
}

/**
 * The coordinator's side of a remote encode: the job machine's transcode actor calls this encoder exactly as it calls
 * local ffmpeg, and gets the same run handle. The encode is one BullMQ job (one attempt: retries are the job
 * machine's); pause, resume and cancel go out on the command channel to whichever worker holds it. Events for a
 * BullMQ id that is not in flight (an old attempt, another coordinator's leftovers) are ignored.
 */
export function createRemoteEncoder(deps: RemoteEncoderDeps): RemoteEncoder {
  const handles = new Map<string, Handle>();
  const log = deps.log ?? (() => {});

  const settle = (h: Handle, outcome: { ok: FfmpegOutcome } | { error: BvpError }) => {
    if (h.settled) return;
    const bullId = h.bullId;
    h.settled = true;
    handles.delete(bullId);
    if ('ok' in outcome) h.resolve(outcome.ok);
    else h.reject(outcome.error);
    // Redis only carried the work; the store has the result now.
    deps.queue.remove(bullId).catch(() => {});
  };

  const add = async (bullId: string, payload: EncodePayload): Promise<void> => {
    for (let tries = 0; tries < 40; tries++) {
      const existing = await deps.queue.getJob(bullId);
      if (!existing) {
        await deps.queue.add('encode', payload, {
          jobId: bullId,
          attempts: 1,
          removeOnComplete: false,
          removeOnFail: false,
        });
        return;
      }
      // Left by a coordinator that died (the same attempt, resumed after a restart): stop it, then start afresh.
      const state = await existing.getState();
      if (state === 'active') deps.command({ type: 'cancel', jobId: bullId });
      await existing.remove().catch(() => {});
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new BvpError('ffmpeg.failed', `a stale encode ${bullId} on Redis would not go away`);
  };

  const encoder: Encoder = (request: EncodeRequest): FfmpegRun => {
    const bullId = bullJobId(request.job.id, request.job.attempt);
    const payload: EncodePayload = {
      jobId: request.job.id,
      attempt: request.job.attempt,
      args: request.args,
      tempPath: request.job.tempPath,
      durationSeconds: request.durationSeconds,
      stallSeconds: request.stallSeconds,
      progressIntervalMs: request.progressIntervalMs,
    };
    let handle!: Handle;
    const done = new Promise<FfmpegOutcome>((resolve, reject) => {
      handle = {
        jobId: request.job.id,
        bullId,
        requeues: 0,
        payload,
        onProgress: request.onProgress,
        suspended: false,
        cancelling: false,
        settled: false,
        queued: false,
        reconciling: false,
        lastProgress: null,
        tail: [],
        resolve,
        reject,
      };
    });
    done.catch(() => {});
    handles.set(bullId, handle);
    const h = handle;
    const cancel = () => {
      if (h.settled || h.cancelling) return;
      h.cancelling = true;
      deps.command({ type: 'cancel', jobId: h.bullId });
      const cancelled = new BvpError('ffmpeg.cancelled', 'the remote encode was cancelled');
      // Still waiting in the queue: removing it is the whole cancel. Running: the worker confirms by failing it.
      deps.queue
        .remove(h.bullId)
        .then((removed) => removed === 1 && settle(h, { error: cancelled }))
        .catch(() => {});
      setTimeout(() => settle(h, { error: cancelled }), deps.cancelWaitMs ?? 10_000).unref?.();
    };
    if (request.signal?.aborted) {
      settle(h, { error: new BvpError('ffmpeg.cancelled', 'cancelled before it was queued') });
    } else {
      request.signal?.addEventListener('abort', cancel, { once: true });
      add(bullId, payload).then(
        () => {
          h.queued = true;
        },
        (error: unknown) => settle(h, { error: queueError(error) }),
      );
    }
    return {
      pid: undefined,
      get suspended() {
        return h.suspended;
      },
      stderrTail: () => h.tail,
      suspend() {
        if (h.settled || h.suspended) return;
        h.suspended = true;
        deps.command({ type: 'suspend', jobId: h.bullId });
      },
      resume() {
        if (h.settled || !h.suspended) return;
        h.suspended = false;
        deps.command({ type: 'continue', jobId: h.bullId });
      },
      cancel,
      done,
    };
  };

  const completedWith = (bullId: string, value: unknown) => {
    const h = handles.get(bullId);
    if (!h) return;
    const r = (typeof value === 'string' ? safeJson(value) : value) as Partial<FfmpegOutcome> | null;
    const tail = Array.isArray(r?.stderrTail) ? r.stderrTail.map(String) : [];
    if (h.cancelling) return settle(h, { error: new BvpError('ffmpeg.cancelled', 'cancelled') });
    settle(h, {
      ok: {
        exitCode: 0,
        elapsedMs: Number(r?.elapsedMs ?? 0),
        lastProgress: r?.lastProgress ?? h.lastProgress,
        stderrTail: tail,
      },
    });
  };

  const failedWith = (bullId: string, reason: string) => {
    const h = handles.get(bullId);
    if (!h) return;
    settle(h, {
      error: h.cancelling ? new BvpError('ffmpeg.cancelled', 'cancelled') : errorFrom(reason),
    });
  };

  return {
    encoder,
    active(bullId) {
      const h = handles.get(bullId);
      // A pause that reached no worker (the job was still queued) is sent again now that one holds it.
      if (h?.suspended) deps.command({ type: 'suspend', jobId: bullId });
    },
    progress(bullId, data) {
      const h = handles.get(bullId);
      if (!h || h.cancelling || !isProgress(data)) return;
      h.lastProgress = data;
      h.onProgress?.(data);
    },
    completed: completedWith,
    failed: failedWith,
    inFlight: () => [...handles.keys()],
    jobOf: (bullId) => handles.get(bullId)?.jobId ?? null,
    async reconcile(bullId) {
      const h = handles.get(bullId);
      if (!h || h.cancelling || !h.queued || h.reconciling) return;
      // While Redis is down its answers wait; the timer's next rounds must not ask again and queue the job twice.
      h.reconciling = true;
      try {
        await reconcileOne(h, bullId);
      } finally {
        h.reconciling = false;
      }
    },
  };

  async function reconcileOne(h: Handle, bullId: string): Promise<void> {
    const state = await deps.queue.getJobState(bullId);
    // Settled, cancelled or queued again while Redis answered: the answer is about a run that no longer counts.
    if (h.settled || h.cancelling || h.bullId !== bullId) return;
    if (state === 'unknown') {
      // Whatever still runs under the old id is stopped, and its events are ignored from now on.
      deps.command({ type: 'cancel', jobId: bullId });
      h.requeues++;
      h.bullId = `${bullJobId(h.jobId, h.payload.attempt)}.r${h.requeues}`;
      handles.delete(bullId);
      handles.set(h.bullId, h);
      log(`${bullId}: Redis no longer has this encode; queued again as ${h.bullId}`);
      h.queued = false;
      try {
        await add(h.bullId, h.payload);
      } catch (error) {
        return settle(h, { error: queueError(error) });
      }
      h.queued = true;
      deps.onRequeued?.(h.jobId, h.bullId);
    } else if (state === 'completed' || state === 'failed') {
      const job = await deps.queue.getJob(bullId);
      if (!job || h.bullId !== bullId) return;
      if (state === 'completed') completedWith(bullId, job.returnvalue);
      else failedWith(bullId, job.failedReason ?? 'failed');
    }
  }
}

function queueError(error: unknown): BvpError {
  return new BvpError('ffmpeg.failed', `could not queue the encode on Redis: ${(error as Error).message}`, {
    cause: error,
  });
}

function isProgress(data: unknown): data is JobProgress {
  return typeof data === 'object' && data !== null && typeof (data as JobProgress).percent === 'number';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A worker's failure (a JSON BvpError) or BullMQ's own words (a stalled job, a lost lock) as a BvpError. */
function errorFrom(reason: string): BvpError {
  const parsed = safeJson(reason) as { code?: unknown; message?: unknown; stderrTail?: unknown } | null;
  if (parsed && typeof parsed.message === 'string') {
    const code =
      typeof parsed.code === 'string' && parsed.code.startsWith('ffmpeg.') ? parsed.code : 'ffmpeg.failed';
    const tail = Array.isArray(parsed.stderrTail) ? parsed.stderrTail.map(String) : [];
    return new BvpError(code as BvpErrorCode, parsed.message, { stderrTail: tail });
  }
  return new BvpError('ffmpeg.failed', `remote encode failed: ${reason}`);
}
