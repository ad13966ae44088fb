import type * as v from 'valibot';

/** The shape of one documented operation; OPERATIONS (operations.ts) lists them and document.ts renders them. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ParameterSpec {
  name: string;
  description: string;
  schema: { [key: string]: unknown };
  required?: boolean;
}

/** A response described in full: its own description and media types (e.g. image/jpeg). */
export interface ResponseSpec {
  description: string;
  content?: Record<string, { schema: { [key: string]: unknown } }>;
}

export interface OperationSpec {
  method: HttpMethod;
  /** OpenAPI form: `/api/v1/jobs/{id}`. */
  path: string;
  summary: string;
  tag: string;
  body?: v.GenericSchema;
  query?: ParameterSpec[];
  /** Path parameters other than a job's `{id}` (which every job route has and the document adds itself). */
  pathParameters?: ParameterSpec[];
  /** status → component schema name (or null for no body), or a response that is not JSON (an image). */
  responses: Record<string, string | null | ResponseSpec>;
  /** Reachable without the token. */
  open?: boolean;
}
