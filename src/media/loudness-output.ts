import type { JobLoudness } from '../../machines/types.ts';
import { isBvpError } from '../errors.ts';
import { measureEbur128 } from './loudness.ts';
import { audioStreams, type MediaInfo } from './media-info.ts';
import { probe } from './probe.ts';

interface OutputMeasureOptions {
  ffmpeg: string;
  signal?: AbortSignal;
}

/**
 * The output's EBU R128 figures (integrated LUFS, true peak, LRA) per audio stream by `ebur128`, one audio-only pass
 * (`-vn`: the video is not decoded). A failure other than a cancel leaves the figures null and says why in
 * `unmeasured`, so a measurement that cannot run never fails a job that is otherwise good; whether a normalised job
 * may pass without figures is verification's call (verify-loudness.ts).
 */
export async function measureOutputLoudness(
  output: MediaInfo,
  report: JobLoudness,
  options: OutputMeasureOptions,
): Promise<JobLoudness> {
  const streams: JobLoudness['streams'] = [];
  const outs = audioStreams(output);
  try {
    for (const [i, out] of outs.entries()) {
      const figures = await measureEbur128(output.path, {
        ffmpeg: options.ffmpeg,
        streamIndex: out.index,
        signal: options.signal,
      });
      streams.push({ source: report.streams[i]?.source ?? null, output: figures });
    }
  } catch (error) {
    if (cancelled(error, options.signal)) throw error;
    return { ...report, unmeasured: reason(error) };
  }
  if (outs.length === 0) return { ...report, unmeasured: 'the output has no audio stream to measure' };
  const { unmeasured: _old, ...rest } = report;
  return { ...rest, streams };
}

/**
 * {@link measureOutputLoudness} for a job that skips verification (which otherwise measures): probes the output
 * first for its audio streams.
 */
export async function measureFileLoudness(
  file: string,
  report: JobLoudness,
  options: OutputMeasureOptions & { ffprobe: string },
): Promise<JobLoudness> {
  let output: MediaInfo;
  try {
    output = await probe(file, { ffprobe: options.ffprobe, signal: options.signal, allowNoStreams: true });
  } catch (error) {
    if (cancelled(error, options.signal)) throw error;
    return { ...report, unmeasured: reason(error) };
  }
  return measureOutputLoudness(output, report, options);
}

function cancelled(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (isBvpError(error) && error.isCanceled);
}

function reason(error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  return `the loudness measurement failed: ${why}`;
}
