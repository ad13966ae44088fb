import type { MediaSummary } from '../../machines/media-summary.ts';
import type { JobErrorInfo, VerifyCheckInfo } from '../../machines/types.ts';
import { BvpError, isBvpError } from '../errors.ts';

/** A verification check as the job keeps it (the same fields, nothing else). */
export function checkInfo(check: VerifyCheckInfo): VerifyCheckInfo {
  const { name, ok, expected, actual, message } = check;
  return message === undefined ? { name, ok, expected, actual } : { name, ok, expected, actual, message };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A failure after the source was probed carries what the probe saw (`details.sourceMedia`), so the job's detail can
 * show it beside the error. Cancellations and errors whose details are not an object are left as they are.
 */
export function withSourceMedia(error: unknown, media: MediaSummary | undefined): unknown {
  if (!media || !isBvpError(error) || error.isCanceled) return error;
  if (error.details !== undefined && error.details !== null && !isPlainObject(error.details)) return error;
  return new BvpError(error.code, error.message, {
    cause: error.cause,
    details: { ...(error.details ?? {}), sourceMedia: media },
    stderrTail: error.stderrTail,
  });
}

/**
 * What a job records of its failure: code, message and ffmpeg's last lines, plus every verification check
 * (`details.verification`) and the source's media (`details.sourceMedia`) when the error has them.
 */
export function jobErrorInfo(failure: BvpError): JobErrorInfo {
  const info: JobErrorInfo = { code: failure.code, message: failure.message, stderrTail: failure.stderrTail };
  const details = isPlainObject(failure.details) ? failure.details : {};
  if (Array.isArray(details.verification)) info.checks = details.verification as VerifyCheckInfo[];
  if (isPlainObject(details.sourceMedia)) info.sourceMedia = details.sourceMedia as unknown as MediaSummary;
  return info;
}
