import { BvpError, type BvpErrorCode } from '../errors.ts';

const BY_ERRNO: Record<string, BvpErrorCode> = {
  ENOSPC: 'output.no_space',
  EDQUOT: 'output.no_space',
  EACCES: 'output.permission',
  EPERM: 'output.permission',
  EROFS: 'output.permission',
  ENAMETOOLONG: 'output.name_too_long',
};

const WORDS: Record<string, string> = {
  'output.no_space': 'the output disk is full',
  'output.permission': 'the output folder cannot be written to',
  'output.name_too_long': 'the output name is too long for the file system',
};

/**
 * Names a failure by its cause, so the retry rule (machines/retry-rule.ts) can tell a passing one from a lasting one.
 * An output problem is named as one: a full disk or a read-only folder is not "ffmpeg failed" but something an operator
 * fixes in the output folder (and may be gone a minute later). ffmpeg says it in its stderr (`<temp file>: No space
 * left on device`); our own file operations carry the errno in `details.code`. Anything else passes unchanged.
 */
export function classifyOutputFailure(error: unknown, tempPath: string): unknown {
  if (!(error instanceof BvpError)) return error;
  let code: BvpErrorCode | undefined;
  const signal = (error.details as { signal?: string | null } | null | undefined)?.signal;
  if (error.code === 'ffmpeg.failed' && signal) {
    // Our own stops (cancel, stall) carry their own codes: a signal here came from elsewhere (OOM killer, kill).
    return new BvpError('ffmpeg.killed', error.message, {
      cause: error,
      details: error.details,
      stderrTail: error.stderrTail,
    });
  }
  if (error.code === 'ffmpeg.failed') {
    const text = error.stderrTail.join('\n');
    if (/No space left on device|Disk quota exceeded/i.test(text)) code = 'output.no_space';
    else if (/(Permission denied|Read-only file system)/i.test(text) && text.includes(tempPath)) {
      code = 'output.permission';
    }
  } else if (error.code === 'output.io' || error.code === 'output.escape') {
    const errno = (error.details as { code?: string } | null | undefined)?.code;
    code = errno ? BY_ERRNO[errno] : undefined;
  }
  if (!code) return error;
  return new BvpError(code, `${WORDS[code]}: ${error.message}`, {
    cause: error,
    details: error.details,
    stderrTail: error.stderrTail,
  });
}
