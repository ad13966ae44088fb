import type * as v from 'valibot';
import { DASHBOARD_OPERATIONS } from '../../dashboard/server/operations.ts';
import {
  ConcurrencyBodySchema,
  ConfigDocumentSchema,
  ConfigValidateBodySchema,
  MoveBodySchema,
  PriorityBodySchema,
  SubmitBodySchema,
} from '../schemas.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ParameterSpec {
  name: string;
  description: string;
  schema: { [key: string]: unknown };
  required?: boolean;
}

export interface OperationSpec {
  method: HttpMethod;
  /** OpenAPI form: `/api/v1/jobs/{id}`. */
  path: string;
  summary: string;
  tag: string;
  body?: v.GenericSchema;
  query?: ParameterSpec[];
  /** status → component schema name (or null for no body). */
  responses: Record<string, string | null>;
  /** Reachable without the token. */
  open?: boolean;
}

const statuses = (allowed: string): ParameterSpec => ({
  name: 'status',
  description: `Comma-separated statuses (${allowed}); may repeat`,
  schema: { type: 'string' },
});
const before: ParameterSpec = {
  name: 'before',
  description: 'Only jobs finished before this instant (ms since epoch or ISO date)',
  schema: { type: 'string' },
};
const job = (path: string, method: HttpMethod, summary: string, extra: Partial<OperationSpec> = {}) =>
  ({
    method,
    path: `/api/v1/jobs/{id}${path}`,
    summary,
    tag: 'jobs',
    responses: { 200: 'JobView', 404: 'Error', 409: 'Error' },
    ...extra,
  }) satisfies OperationSpec;

/** Every route of the API. A test checks this list against the Hono app's routes, both ways. */
export const OPERATIONS: readonly OperationSpec[] = [
  {
    method: 'get',
    path: '/api/v1/health',
    summary: 'Version, uptime and checks; 503 when a check is down',
    tag: 'service',
    responses: { 200: 'Health', 503: 'Health' },
    open: true,
  },
  {
    method: 'get',
    path: '/api/v1/status',
    summary: 'Queue state, concurrency, watch folders and counts',
    tag: 'service',
    responses: { 200: 'StatusView' },
  },
  {
    method: 'get',
    path: '/api/v1/stats',
    summary: 'Jobs per status and profile, bytes, encode time (default: last 24 h)',
    tag: 'service',
    query: [
      {
        name: 'since',
        description: 'Start of the window (ms since epoch or ISO date)',
        schema: { type: 'string' },
      },
    ],
    responses: { 200: 'StatsView' },
  },
  {
    method: 'get',
    path: '/api/v1/rules',
    summary: 'Every rule with its effective values',
    tag: 'config',
    responses: { 200: null },
  },
  {
    method: 'get',
    path: '/api/v1/profiles',
    summary: 'Built-in and custom profiles, all fields',
    tag: 'config',
    responses: { 200: null },
  },
  {
    method: 'get',
    path: '/api/v1/queue',
    summary: 'Active jobs (pending, running, paused) in dispatch order',
    tag: 'queue',
    responses: { 200: 'QueueView' },
  },
  {
    method: 'post',
    path: '/api/v1/queue/pause',
    summary: 'Start nothing new; running jobs continue',
    tag: 'queue',
    responses: { 200: 'StatusView' },
  },
  {
    method: 'post',
    path: '/api/v1/queue/resume',
    summary: 'Resume dispatching',
    tag: 'queue',
    responses: { 200: 'StatusView' },
  },
  {
    method: 'post',
    path: '/api/v1/queue/clear',
    summary: 'Cancel every pending job (never a running one)',
    tag: 'queue',
    responses: { 200: null },
  },
  {
    method: 'put',
    path: '/api/v1/queue/concurrency',
    summary: 'Jobs run at once',
    tag: 'queue',
    body: ConcurrencyBodySchema,
    responses: { 200: 'StatusView', 422: 'Error' },
  },
  {
    method: 'get',
    path: '/api/v1/history',
    summary: 'Finished jobs, newest first, paged and filtered',
    tag: 'history',
    query: [
      statuses('any status'),
      { name: 'q', description: 'Substring of source or output path', schema: { type: 'string' } },
      { name: 'limit', description: '1–500, default 50', schema: { type: 'integer' } },
      { name: 'cursor', description: 'nextCursor of the previous page', schema: { type: 'string' } },
      before,
    ],
    responses: { 200: 'HistoryPage', 422: 'Error' },
  },
  {
    method: 'post',
    path: '/api/v1/history/retry',
    summary: 'Retry every finished job with these statuses',
    tag: 'history',
    query: [{ ...statuses('failed, cancelled, completed'), required: true }],
    responses: { 200: null, 422: 'Error' },
  },
  {
    method: 'delete',
    path: '/api/v1/history',
    summary: 'Delete finished jobs (all, or by status and age); active jobs are never touched',
    tag: 'history',
    query: [statuses('failed, cancelled, completed'), before],
    responses: { 200: null, 422: 'Error' },
  },
  {
    method: 'post',
    path: '/api/v1/jobs',
    summary: 'Submit a file by path (inside a watch or allowed input folder)',
    tag: 'jobs',
    body: SubmitBodySchema,
    responses: { 201: 'JobView', 409: 'Error', 422: 'Error' },
  },
  job('', 'get', 'Full view: progress, attempts, error and stderr tail, ffmpeg arguments, timeline', {
    responses: { 200: 'JobDetailView', 404: 'Error' },
  }),
  job('', 'patch', 'Change the priority', { body: PriorityBodySchema }),
  job('/cancel', 'post', 'Cancel (ends ffmpeg, removes the temp file)'),
  job('/retry', 'post', 'Retry a failed or cancelled job (same id, attempts + 1)', {
    query: [
      {
        name: 'rerun',
        description: 'true to run a completed job again',
        schema: { enum: ['true', 'false'] },
      },
    ],
  }),
  job('/pause', 'post', 'Suspend a running job (ffmpeg is stopped, not killed)'),
  job('/resume', 'post', 'Resume a paused job'),
  job('/move', 'post', 'Move a pending job in the dispatch order', { body: MoveBodySchema }),
  {
    method: 'get',
    path: '/api/v1/config',
    summary: 'Effective configuration, secrets redacted',
    tag: 'config',
    responses: { 200: null },
  },
  {
    method: 'put',
    path: '/api/v1/config',
    summary: 'Replace the configuration; validated, applied and saved atomically',
    tag: 'config',
    body: ConfigDocumentSchema,
    responses: { 200: null, 422: 'Error' },
  },
  {
    method: 'patch',
    path: '/api/v1/config',
    summary: 'Merge into the configuration; comments in the file are kept',
    tag: 'config',
    body: ConfigDocumentSchema,
    responses: { 200: null, 422: 'Error' },
  },
  {
    method: 'post',
    path: '/api/v1/config/validate',
    summary: 'Validate a configuration without applying it',
    tag: 'config',
    body: ConfigValidateBodySchema,
    responses: { 200: 'ConfigValidation' },
  },
  {
    method: 'post',
    path: '/api/v1/ws-ticket',
    summary: 'A single-use ticket (30 s) for ?ticket= on the stream',
    tag: 'stream',
    responses: { 201: 'WsTicket' },
  },
  {
    method: 'get',
    path: '/api/v1/stream',
    summary: 'WebSocket event stream (subprotocol bvp.v1); see StreamMessage',
    tag: 'stream',
    query: [
      { name: 'ticket', description: 'Ticket from POST /api/v1/ws-ticket', schema: { type: 'string' } },
    ],
    responses: { 101: 'StreamMessage', 401: 'Error', 403: 'Error', 426: 'Error' },
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document',
    tag: 'service',
    responses: { 200: null },
    open: true,
  },
  ...DASHBOARD_OPERATIONS,
];
