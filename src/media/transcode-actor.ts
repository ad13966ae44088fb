import { type CallbackActorLogic, fromCallback } from 'xstate';
import type { TranscodeCommand, TranscodeInput, TranscodeReport } from '../../machines/types.ts';
import { toBvpError } from '../errors.ts';
import type { FindOpenWriters } from '../runtime/open-writers.ts';
import type { Encoder } from './encoder.ts';
import type { FfmpegRun } from './ffmpeg-run.ts';
import { jobErrorInfo } from './job-failure-info.ts';
import type { ProbeInput } from './probe-cache.ts';
import { transcodeFile } from './transcode-file.ts';

export interface TranscodeActorDeps {
  ffmpeg: string;
  ffprobe: string;
  stallSeconds?: number;
  /** Clock for `encodeSeconds` (ms). */
  now?: () => number;
  progressIntervalMs?: number;
  /**
   * Receives each job's whole run, settling once ffmpeg is gone and the temp file removed — also after the actor
   * was stopped — so shutdown can wait for it instead of leaving a half-written file behind.
   */
  track?: (work: Promise<void>) => void;
  /** How inputs are probed (the service's probe cache); default a fresh ffprobe per job. */
  probeInput?: ProbeInput;
  /** Each job's ffmpeg run by job id, set when it starts (the service reads its live stderr tail from here). */
  runs?: Map<string, FfmpegRun>;
  /** Who has a source open for writing; checked after the encode and before any source action. */
  openWriters?: FindOpenWriters;
  /** How long a source must hold still after its encode before the output is finalized (default 1000 ms). */
  settleMs?: number;
  /** How each encode runs: local ffmpeg (default) or a remote worker (src/cluster/remote-encoder.ts). */
  encoder?: Encoder;
}

/**
 * The `transcode` actor of the job machine (see TranscodeInput in machines/types.ts). SUSPEND/CONTINUE pause and
 * resume ffmpeg in place; stopping the actor (cancel, or the service stopping) kills ffmpeg and removes the temp
 * file. Reports go back to the job as `transcode.*` events; none are sent once the actor is stopped.
 *
 * @example
 * const job = jobMachine.provide({ actors: { transcode: createTranscodeActor({ ffmpeg, ffprobe }) } });
 */
export function createTranscodeActor(
  deps: TranscodeActorDeps,
): CallbackActorLogic<TranscodeCommand, TranscodeInput> {
  return fromCallback<TranscodeCommand, TranscodeInput>(({ input, sendBack, receive }) => {
    const controller = new AbortController();
    let stopped = false;
    let suspended = false;
    let run: FfmpegRun | null = null;
    const report = (event: TranscodeReport) => {
      if (!stopped) sendBack(event);
    };

    receive((command) => {
      // Remembered, not only forwarded: a pause that arrives while probing applies as soon as ffmpeg starts.
      if (command.type === 'SUSPEND') {
        suspended = true;
        run?.suspend();
      } else if (command.type === 'CONTINUE') {
        suspended = false;
        run?.resume();
      }
    });

    const work = transcodeFile({
      spec: input.spec,
      attempt: input.attempt,
      ffmpeg: deps.ffmpeg,
      ffprobe: deps.ffprobe,
      stallSeconds: deps.stallSeconds,
      progressIntervalMs: deps.progressIntervalMs,
      now: deps.now,
      probeInput: deps.probeInput,
      openWriters: deps.openWriters,
      settleMs: deps.settleMs,
      encoder: deps.encoder,
      signal: controller.signal,
      onPhase: (update) => report({ type: 'transcode.phase', ...update }),
      onProgress: (progress) => report({ type: 'transcode.progress', progress }),
      control: (started) => {
        run = started;
        deps.runs?.set(input.spec.id, started);
        if (suspended) started.suspend();
      },
    }).then(
      (result) => report({ type: 'transcode.done', result }),
      (error: unknown) => {
        const failure = toBvpError(error);
        report({
          type: 'transcode.failed',
          error: jobErrorInfo(failure),
        });
      },
    );
    deps.track?.(work);

    return () => {
      stopped = true;
      controller.abort();
    };
  });
}
