import type { Context } from 'hono';
import { validator } from 'hono/validator';
import * as v from 'valibot';
import { apiErrorResponse } from './error-map.ts';

/** Issues as data: where in the document (dot path) and what is wrong. */
export interface IssueView {
  path: string;
  message: string;
}

export function issuesOf(issues: readonly v.BaseIssue<unknown>[]): IssueView[] {
  return issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message }));
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType ?? '');
}

/**
 * Validates a JSON body: a body that is not JSON is 415, malformed JSON 400 (raised by Hono's validator), a body that
 * does not match the schema 422 with every issue's path.
 */
export function jsonBody<S extends v.GenericSchema>(schema: S) {
  return validator('json', (value, c: Context) => {
    if (!isJson(c.req.header('content-type'))) {
      return apiErrorResponse('request.media_type', 'The request body must be application/json');
    }
    const result = v.safeParse(schema, value);
    if (!result.success) {
      return apiErrorResponse('request.invalid', 'The request body is not valid', {
        issues: issuesOf(result.issues),
      });
    }
    return result.output as v.InferOutput<S>;
  });
}

/** Validates the query string; a mismatch is 422 with the parameter names as paths. */
export function query<S extends v.GenericSchema>(schema: S) {
  return validator('query', (value) => {
    const result = v.safeParse(schema, value);
    if (!result.success) {
      return apiErrorResponse('request.invalid', 'The query parameters are not valid', {
        issues: issuesOf(result.issues),
      });
    }
    return result.output as v.InferOutput<S>;
  });
}
