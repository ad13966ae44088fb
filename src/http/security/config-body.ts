import type { Context } from 'hono';
import { MAX_CONFIG_BYTES, MAX_CONFIG_NODES, nestingProblem, valueShape } from '../../config/limits.ts';
import { apiErrorResponse } from '../error-map.ts';

const isJson = (type: string | undefined) => /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type ?? '');

/**
 * Reads a config request body as a JSON object, refusing anything that could freeze the service before it reaches a
 * parser that recurses or a validator: over 512 KiB (413), deeper than the nesting limit (400), more values than a
 * config has (413), malformed JSON (400), or not an object (422, naming `shape`). Each check is one linear pass.
 */
export async function readConfigBody(c: Context, shape: string): Promise<Record<string, unknown> | Response> {
  if (!isJson(c.req.header('content-type'))) {
    return apiErrorResponse('request.media_type', 'The request body must be application/json');
  }
  const text = await c.req.text();
  if (text.length > MAX_CONFIG_BYTES) {
    return apiErrorResponse(
      'request.too_large',
      `A config body is at most ${MAX_CONFIG_BYTES / 1024} KiB; this one is ${Math.ceil(text.length / 1024)} KiB`,
    );
  }
  const nesting = nestingProblem(text);
  if (nesting !== null)
    return apiErrorResponse('request.too_deep', `The request body is refused: ${nesting}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return apiErrorResponse('request.malformed', `The request body is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value;
    return apiErrorResponse('request.invalid', `${shape}; got ${got}`, {
      issues: [{ path: '', message: `expected a JSON object, got ${got}` }],
    });
  }
  if (valueShape(value).nodes > MAX_CONFIG_NODES) {
    return apiErrorResponse('request.too_large', `A config body has at most ${MAX_CONFIG_NODES} values`);
  }
  return value as Record<string, unknown>;
}
