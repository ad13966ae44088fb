import { BvpError } from '../errors.ts';

/** The `code` of a Node fs error (`ENOENT`, `EXDEV` …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** An `output.io` error: the step that failed, then the system's words, with the fs code kept in `details`. */
export function ioError(message: string, cause: unknown): BvpError {
  const why = cause instanceof Error ? `: ${cause.message}` : '';
  return new BvpError('output.io', `${message}${why}`, {
    cause,
    details: { code: errorCode(cause) ?? null },
  });
}
