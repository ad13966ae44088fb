import { randomBytes } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { summarizeMedia } from '../../machines/media-summary.ts';
import type { JobProgress, JobResult, JobSpec, TranscodePhase } from '../../machines/types.ts';
import { BvpError, isBvpError } from '../errors.ts';
import { buildFfmpegArgs } from '../profiles/args.ts';
import { asStillClip } from '../profiles/args-still.ts';
import type { FindOpenWriters } from '../runtime/open-writers.ts';
import type { Encoder } from './encoder.ts';
import { type FfmpegRun, runFfmpeg } from './ffmpeg-run.ts';
import { applySourceAction, finalizeOutput, prepareOutputDir, removeQuietly } from './finalize.ts';
import { checkInfo, withSourceMedia } from './job-failure-info.ts';
import { measureFileLoudness } from './loudness-output.ts';
import { planLoudness } from './loudness-plan.ts';
import { classifyOutputFailure } from './output-failure.ts';
import { assertOutputRoot } from './output-root.ts';
import { probe } from './probe.ts';
import type { ProbeInput } from './probe-cache.ts';
import { finalizeWithSidecar, sidecarFor, sidecarTempFor } from './sidecar.ts';
import { assertSourceUnchanged } from './source-guard.ts';
import { tempPathFor } from './temp-name.ts';
import { type VerifyCheck, verifyOutput } from './verify.ts';

/** A phase change; `encoding` carries the temp file (so a crash can be cleaned up) and the exact argv. */
export interface PhaseUpdate {
  phase: TranscodePhase;
  tempPath?: string;
  ffmpegArgs?: string[];
}

export interface TranscodeFileParams {
  spec: JobSpec;
  ffmpeg: string;
  ffprobe: string;
  /** Aborting cancels: ffmpeg is stopped, the temp file removed, the source untouched. */
  signal?: AbortSignal;
  stallSeconds?: number;
  /** Part of the temp name, so a retry never writes into a previous attempt's file. Default 1. */
  attempt?: number;
  progressIntervalMs?: number;
  onPhase?: (update: PhaseUpdate) => void;
  onProgress?: (progress: JobProgress) => void;
  /** Receives the ffmpeg run as soon as it starts, for suspend/resume. */
  control?: (run: FfmpegRun) => void;
  /** Clock for `encodeSeconds` (ms). */
  now?: () => number;
  /**
   * Reads the input before the encode; default a fresh ffprobe. The service passes its probe cache, which answers
   * from a prefetch made while the previous job encoded, for the same identity only.
   */
  probeInput?: ProbeInput;
  /** Who has the source open for writing (src/runtime/open-writers.ts); omitted: size, mtime and hash only. */
  openWriters?: FindOpenWriters;
  /**
   * The source must have held still this long after the encode before the output gets its final name (a copy
   * that resumes after a pause shows up here). Default 1000.
   */
  settleMs?: number;
  /** How the encode step runs: local ffmpeg (default) or a remote worker (cluster mode). */
  encoder?: Encoder;
}

/**
 * One file, start to finish: probe → encode into a hidden temp file → verify → rename into place → source action.
 * Whatever fails or is cancelled, the temp file is removed, the source is untouched and nothing appears under the
 * final name; the source action runs only after the verified output has its final name.
 *
 * @throws BvpError `input.*` (missing, changed since queued or during the encode, unreadable), `ffmpeg.*`,
 *   `verify.failed` (failed checks in `details.checks`), `output.exists` / `output.io`.
 */
export async function transcodeFile(params: TranscodeFileParams): Promise<JobResult> {
  const { spec, signal } = params;
  const now = params.now ?? Date.now;
  const token = `${spec.id}-${params.attempt ?? 1}-${randomBytes(3).toString('hex')}`;
  const tempPath = tempPathFor(spec.outputPath, token);
  let finalized = false;
  // Kept with the job (result or failure), so its detail shows the source as it was encoded.
  let sourceMedia: ReturnType<typeof summarizeMedia> | undefined;
  let checks: ReturnType<typeof checkInfo>[] | undefined;
  try {
    params.onPhase?.({ phase: 'probing' });
    const guard = { openWriters: params.openWriters };
    await assertSourceUnchanged(spec.source, 'since it was queued', guard);
    const probed = params.probeInput
      ? await params.probeInput(spec.source, signal)
      : await probe(spec.source.path, { ffprobe: params.ffprobe, signal });
    // A still image runs as the clip it becomes (args-still.ts): progress and duration count its set length.
    const input = asStillClip(probed, spec.profile, spec.overrides);
    sourceMedia = summarizeMedia(input);
    throwIfCancelled(signal);
    // Where the output folder led at submit: a folder swapped for a symbolic link since gets nothing, not even a mkdir.
    await assertOutputRoot(spec, 'there');
    await prepareOutputDir(spec.outputPath);
    await assertOutputRoot(spec, 'there');
    // Where the output folder really is as the temp file is created; it must still be there at the rename.
    const outputDirAtStart = spec.outputRoot ?? (await realOutputDir(spec.outputPath));
    // Audio extras (src/media/loudness-plan.ts, sidecar.ts): a first loudnorm pass, a WAV beside the video.
    const media = { input, profile: spec.profile, overrides: spec.overrides, ffmpeg: params.ffmpeg, signal };
    const loudness = await planLoudness(media);
    const sidecarTemp = sidecarFor(tempPath, input, spec.profile);
    const ffmpegArgs = buildFfmpegArgs({
      inputPath: spec.source.path,
      outputPath: tempPath,
      input,
      profile: spec.profile,
      overrides: spec.overrides,
      loudness: loudness?.plan,
      sidecarPath: sidecarTemp,
    });

    params.onPhase?.({ phase: 'encoding', tempPath, ffmpegArgs });
    const started = now();
    const encode: Encoder = params.encoder ?? runFfmpeg;
    const run = encode({
      job: { id: spec.id, attempt: params.attempt ?? 1, tempPath },
      ffmpeg: params.ffmpeg,
      args: ffmpegArgs,
      durationSeconds: input.durationSeconds,
      stallSeconds: params.stallSeconds,
      signal,
      onProgress: params.onProgress,
      progressIntervalMs: params.progressIntervalMs,
    });
    params.control?.(run);
    const outcome = await run.done;
    const encodeSeconds = (now() - started) / 1000;
    // A source rewritten mid-encode gave ffmpeg a mix of two files; its output must not replace anything.
    await assertSourceUnchanged(spec.source, 'during the encode', guard);
    const encodedAt = now();

    let outputDuration = input.durationSeconds;
    let loudnessReport = loudness?.report;
    if (spec.verify) {
      params.onPhase?.({ phase: 'verifying' });
      // Compared with the source as probed before the encode, which is the source as it is now: the identity check
      // just above proved it unchanged since (a copy that resumed mid-encode fails there), so probing it again
      // would read the same file. The check before the rename adds the partial hash.
      const verdict = await verifyOutput({
        outputPath: tempPath,
        input: probed,
        profile: spec.profile,
        overrides: spec.overrides,
        ffprobe: params.ffprobe,
        ffmpeg: params.ffmpeg,
        signal,
        loudness: loudness?.report,
        sidecarPath: sidecarTemp,
      });
      if (!verdict.ok) throw verifyFailed(verdict.checks);
      loudnessReport = verdict.loudness ?? loudnessReport;
      checks = verdict.checks.map(checkInfo);
      outputDuration = verdict.output?.durationSeconds ?? outputDuration;
    }
    // Past the encode nothing holds an encode slot: a verified job gave it back at `verifying`, an unverified one
    // at `finalizing`, so the next job encodes during the loudness pass and the hold-still wait below.
    if (!spec.verify) params.onPhase?.({ phase: 'finalizing' });
    // Verification measures the output's loudness; a job without it is measured all the same (loudness-output.ts).
    if (!spec.verify && loudnessReport)
      loudnessReport = await measureFileLoudness(tempPath, loudnessReport, { ...params, signal });
    if (spec.verify) params.onPhase?.({ phase: 'finalizing' });

    // A copy that paused longer than the stable window and then resumed changes the source about now.
    const settleLeft = (params.settleMs ?? 1000) - (now() - encodedAt);
    if (settleLeft > 0) await delay(settleLeft, undefined, { signal }).catch(() => {});
    await assertSourceUnchanged(spec.source, 'before its output was given the final name', {
      ...guard,
      fingerprint: true,
    });

    await assertOutputDirSame(spec.outputPath, outputDirAtStart);
    // The last point where cancelling undoes everything; past the rename the job is done.
    throwIfCancelled(signal);
    // The signal reaches a copy onto another device (a multi-GB master): cancelled, it leaves no partial output.
    const finalize = { tempPath, outputPath: spec.outputPath, collision: spec.collision, signal };
    const placed = sidecarTemp
      ? await finalizeWithSidecar({ ...finalize, sidecarTemp })
      : { outputPath: await finalizeOutput(finalize), sidecarPath: undefined };
    const outputPath = placed.outputPath;
    finalized = true;
    const outputBytes = (await stat(outputPath)).size;
    // Cancelled during the rename: the output stands, but the source is left alone (keeping is always safe).
    if (!signal?.aborted) await applySourceActionAfter(spec, outputPath, params.openWriters, signal);
    return {
      outputPath,
      outputBytes,
      inputBytes: spec.source.size,
      durationSeconds: outputDuration,
      encodeSeconds,
      ffmpegArgs,
      stderrTail: outcome.stderrTail,
      ...(loudnessReport ? { loudness: loudnessReport } : {}),
      ...(placed.sidecarPath ? { sidecarPath: placed.sidecarPath } : {}),
      ...(checks ? { checks } : {}),
      ...(sourceMedia ? { sourceMedia } : {}),
    };
  } catch (error) {
    if (!finalized) await removeQuietly(tempPath).catch(() => {});
    if (!finalized) await removeQuietly(sidecarTempFor(tempPath)).catch(() => {});
    throw withSourceMedia(classifyOutputFailure(asCancelled(error, signal), tempPath), sourceMedia);
  }
}

async function applySourceActionAfter(
  spec: JobSpec,
  outputPath: string,
  openWriters: FindOpenWriters | undefined,
  signal?: AbortSignal,
): Promise<void> {
  // Deleted or moved only when it is still byte-for-byte what was encoded (size, mtime, hash, nobody writing).
  if (spec.sourceAction.kind !== 'keep') {
    await assertSourceUnchanged(spec.source, 'after its output was finalized', {
      openWriters,
      fingerprint: true,
    });
  }
  try {
    await applySourceAction(spec.source.path, spec.sourceAction, { signal });
  } catch (error) {
    // Cancelled while moving the source onto another device: the output stands and the source stays where it was.
    if (signal?.aborted) return;
    const why = error instanceof Error ? error.message : String(error);
    throw new BvpError(
      'output.io',
      `${outputPath} is complete and verified, but the source action failed: ${why}`,
      {
        cause: error,
        details: { outputPath, sourceAction: spec.sourceAction },
      },
    );
  }
}

async function realOutputDir(outputPath: string): Promise<string> {
  return realpath(path.dirname(outputPath)).catch(() => path.dirname(outputPath));
}

/** A folder swapped for a symbolic link during the encode would carry the rename out of the output folder. */
async function assertOutputDirSame(outputPath: string, before: string): Promise<void> {
  const now = await realOutputDir(outputPath);
  if (now !== before) {
    throw new BvpError(
      'output.escape',
      `the output folder ${path.dirname(outputPath)} now leads to ${now}, not ${before} (replaced by a symbolic link during the encode); nothing was moved there`,
      { details: { outputPath, before, now } },
    );
  }
}

function verifyFailed(checks: VerifyCheck[]): BvpError {
  const failed = checks.filter((c) => !c.ok);
  const summary = failed
    .slice(0, 3)
    .map((c) => c.message ?? `${c.name}: expected ${c.expected}, got ${c.actual}`)
    .join('; ');
  const more = failed.length > 3 ? ` (and ${failed.length - 3} more)` : '';
  return new BvpError('verify.failed', `output failed verification: ${summary}${more}`, {
    details: { checks: failed, verification: checks.map(checkInfo) },
  });
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new BvpError('ffmpeg.cancelled', 'cancelled');
}

/** Whatever a cancelled step threw (an abort error from ffprobe, a killed process), it reports as cancelled. */
function asCancelled(error: unknown, signal: AbortSignal | undefined): unknown {
  if (!signal?.aborted || (isBvpError(error) && error.isCanceled)) return error;
  return new BvpError('ffmpeg.cancelled', 'cancelled', { cause: error });
}
