import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type BvpErrorCode, isBvpError } from '../errors.ts';

/** Failures that exist only at the HTTP edge; everything else arrives as a BvpError from the service. */
export type HttpErrorCode =
  | 'request.malformed'
  | 'request.too_deep'
  | 'request.misdirected'
  | 'request.invalid'
  | 'request.media_type'
  | 'request.too_large'
  | 'request.upgrade_required'
  | 'auth.unauthorized'
  | 'auth.forbidden'
  | 'route.not_found'
  | 'feature.unavailable';

export type ApiErrorCode = BvpErrorCode | HttpErrorCode;

/**
 * The one table from error code to HTTP status. `input.missing` is 422, not 404: the missing thing is a path inside
 * the request body, while 404 means the URL itself names nothing (unknown job or route).
 */
const STATUS_BY_CODE: Record<ApiErrorCode, ContentfulStatusCode> = {
  usage: 400,
  'request.malformed': 400,
  'request.too_deep': 400,
  'auth.unauthorized': 401,
  'auth.forbidden': 403,
  'job.not_found': 404,
  'route.not_found': 404,
  'poster.unavailable': 404,
  'job.state': 409,
  'job.duplicate': 409,
  'output.exists': 409,
  'config.conflict': 409,
  'request.too_large': 413,
  'request.media_type': 415,
  'config.invalid': 422,
  'profile.unknown': 422,
  'profile.invalid': 422,
  'input.missing': 422,
  'input.unreadable': 422,
  'input.no_streams': 422,
  'output.escape': 422,
  'request.invalid': 422,
  'request.misdirected': 421,
  'request.upgrade_required': 426,
  'config.io': 500,
  'output.io': 500,
  'ffmpeg.failed': 500,
  'ffmpeg.stalled': 500,
  'ffmpeg.killed': 500,
  'ffmpeg.cancelled': 500,
  'ffmpeg.timeout': 500,
  'verify.failed': 500,
  'store.io': 500,
  'store.locked': 409,
  'source.changed': 409,
  'output.no_space': 507,
  'output.permission': 500,
  'output.name_too_long': 422,
  internal: 500,
  'feature.unavailable': 501,
  'ffmpeg.missing': 503,
};

/** Codes for failures raised by Hono middleware as HTTPException, keyed by their status. */
const CODE_BY_EXCEPTION_STATUS: Record<number, HttpErrorCode> = {
  400: 'request.malformed',
  401: 'auth.unauthorized',
  403: 'auth.forbidden',
  413: 'request.too_large',
};

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details: unknown };
}

export function statusForCode(code: ApiErrorCode): ContentfulStatusCode {
  return STATUS_BY_CODE[code] ?? 500;
}

/** The JSON error every failing route answers with. */
export function apiErrorResponse(code: ApiErrorCode, message: string, details: unknown = null): Response {
  const body: ApiErrorBody = { error: { code, message, details: details ?? null } };
  return new Response(JSON.stringify(body), {
    status: statusForCode(code),
    headers: { 'content-type': 'application/json; charset=UTF-8' },
  });
}

/**
 * `app.onError`: BvpErrors keep their code, Hono's HTTPExceptions get an HTTP code, anything else is an internal error
 * whose message and stack stay in the log, never in the response.
 */
export function createErrorHandler(log: (error: unknown) => void): (error: Error, c: Context) => Response {
  return (error) => {
    if (isBvpError(error)) {
      if (statusForCode(error.code) >= 500) log(error);
      return apiErrorResponse(error.code, error.message, error.details);
    }
    if (error instanceof HTTPException) {
      const res = error.res;
      if (res?.headers.get('content-type')?.startsWith('application/json')) return res;
      const code = CODE_BY_EXCEPTION_STATUS[error.status];
      if (code) return apiErrorResponse(code, error.message || res?.statusText || code);
    }
    log(error);
    return apiErrorResponse('internal', 'Internal server error');
  };
}
