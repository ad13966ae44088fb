/**
 * The one error type of Bulletproof. A `code` says what went wrong in a way callers can switch on; HTTP status
 * mapping happens in one place (the app's onError), exit codes in the CLI.
 */
export type BvpErrorCode =
  | 'usage'
  | 'config.invalid'
  | 'config.io'
  | 'config.conflict'
  | 'profile.unknown'
  | 'profile.invalid'
  | 'input.missing'
  | 'input.unreadable'
  | 'input.no_streams'
  | 'output.exists'
  | 'output.escape'
  | 'output.io'
  | 'ffmpeg.missing'
  | 'ffmpeg.failed'
  | 'ffmpeg.stalled'
  | 'ffmpeg.killed'
  | 'ffmpeg.cancelled'
  | 'ffmpeg.timeout'
  | 'verify.failed'
  | 'job.not_found'
  | 'job.state'
  | 'job.duplicate'
  | 'store.io'
  | 'store.locked'
  | 'source.changed'
  | 'output.no_space'
  | 'output.permission'
  | 'output.name_too_long'
  | 'poster.unavailable'
  | 'internal';

export interface BvpErrorOptions {
  details?: unknown;
  cause?: unknown;
  /** Last lines of ffmpeg's stderr, when ffmpeg was involved. */
  stderrTail?: string[];
}

export class BvpError extends Error {
  readonly code: BvpErrorCode;
  readonly details: unknown;
  readonly stderrTail: string[];

  constructor(code: BvpErrorCode, message: string, options: BvpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BvpError';
    this.code = code;
    this.details = options.details;
    this.stderrTail = options.stderrTail ?? [];
  }

  get isCanceled(): boolean {
    return this.code === 'ffmpeg.cancelled';
  }

  toJSON(): { code: BvpErrorCode; message: string; details: unknown } {
    return { code: this.code, message: this.message, details: this.details ?? null };
  }
}

export function isBvpError(value: unknown): value is BvpError {
  return value instanceof BvpError;
}

/** Wraps anything thrown into a BvpError, keeping an existing one as it is. */
export function toBvpError(value: unknown, fallback: BvpErrorCode = 'internal'): BvpError {
  if (value instanceof BvpError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new BvpError(fallback, message, { cause: value });
}
