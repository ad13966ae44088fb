import { DASHBOARD_OPERATIONS } from '../../dashboard/server/operations.ts';
import {
  ConcurrencyBodySchema,
  ConfigDocumentSchema,
  ConfigValidateBodySchema,
  MoveBodySchema,
  PriorityBodySchema,
  SubmitBodySchema,
} from '../schemas.ts';
import { INSPECTOR_OPERATIONS } from './inspector-operations.ts';
import type { HttpMethod, OperationSpec, ParameterSpec } from './operation-spec.ts';

export type { HttpMethod, OperationSpec, ParameterSpec, ResponseSpec } from './operation-spec.ts';

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
  job('/poster', 'get', 'Poster frame (JPEG, ≤320 px wide, ~10% in) or waveform (PNG, audio-only); cached', {
    tag: 'media',
    responses: {
      200: {
        description: 'The image; ETag and Cache-Control set (revalidate with If-None-Match)',
        content: {
          'image/jpeg': { schema: { type: 'string', contentMediaType: 'image/jpeg' } },
          'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } },
        },
      },
      304: { description: 'Not modified: If-None-Match matched the ETag' },
      404: {
        description:
          'job.not_found (no such job) or poster.unavailable (source gone, unreadable, no streams)',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
  }),
  job('/log', 'get', "ffmpeg's stderr: the live tail while the job runs, the stored tail once it finished", {
    tag: 'media',
    query: [
      { name: 'lines', description: 'Last lines to return, 1–1000, default 50', schema: { type: 'integer' } },
    ],
    responses: { 200: 'JobLog', 404: 'Error', 422: 'Error' },
  }),
  {
    method: 'get',
    path: '/api/v1/webhooks/deliveries',
    summary:
      'Webhook deliveries, newest first: pending, delivered or failed, with attempts and the last answer',
    tag: 'webhooks',
    query: [
      {
        name: 'status',
        description: 'pending, delivered or failed',
        schema: { enum: ['pending', 'delivered', 'failed'] },
      },
      { name: 'limit', description: '1–500, default 50', schema: { type: 'integer' } },
    ],
    responses: { 200: 'WebhookDeliveries', 422: 'Error', 501: 'Error' },
  },
  {
    method: 'post',
    path: '/api/v1/webhooks/test',
    summary: 'Queue a signed webhook.test delivery to every webhook (or the one with ?url=)',
    tag: 'webhooks',
    query: [{ name: 'url', description: 'Only the webhook with this URL', schema: { type: 'string' } }],
    responses: { 202: null, 422: 'Error', 501: 'Error' },
  },
  {
    method: 'get',
    path: '/api/v1/workers',
    summary:
      'Cluster mode: the workers (name, host, state, current jobs, encoders, last heartbeat, preflight result); `cluster: false` and no workers without it',
    tag: 'service',
    responses: { 200: null },
  },
  {
    method: 'get',
    path: '/api/v1/config',
    summary:
      'Effective configuration in the file\'s keys (what PUT takes back unchanged), token as "***", plus the read-only `listening` address',
    tag: 'config',
    responses: { 200: null },
  },
  {
    method: 'put',
    path: '/api/v1/config',
    summary:
      'Replace the configuration; only changed values are written (comments, key order, relative paths stay); "***" keeps the token; answers {config, restartRequired}',
    tag: 'config',
    body: ConfigDocumentSchema,
    responses: { 200: null, 400: 'Error', 409: 'Error', 413: 'Error', 415: 'Error', 422: 'Error' },
  },
  {
    method: 'patch',
    path: '/api/v1/config',
    summary:
      "Merge into the configuration (RFC 7396); the original project's keys (poll_interval, delete_input, log_level, rules, …) are mapped onto the real ones or refused with 422; comments are kept",
    tag: 'config',
    body: ConfigDocumentSchema,
    responses: { 200: null, 400: 'Error', 409: 'Error', 413: 'Error', 415: 'Error', 422: 'Error' },
  },
  {
    method: 'post',
    path: '/api/v1/config/validate',
    summary:
      'Validate without applying: a config object (whole, or partial = checked as a PATCH), {yaml} or {document}',
    tag: 'config',
    body: ConfigValidateBodySchema,
    responses: { 200: 'ConfigValidation', 400: 'Error', 413: 'Error', 415: 'Error', 422: 'Error' },
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
      {
        name: 'snapshot',
        description: 'full (job views, the default) or rows (the queue as compact rows under named columns)',
        schema: { type: 'string', enum: ['full', 'rows'] },
      },
    ],
    responses: { 101: 'StreamMessage', 401: 'Error', 403: 'Error', 422: 'Error', 426: 'Error' },
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
  ...INSPECTOR_OPERATIONS,
];
