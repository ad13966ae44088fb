import { INSPECTION_TYPES } from '../../inspect/messages.ts';
import type { JsonSchema } from './json-schema.ts';
import type { OperationSpec } from './operation-spec.ts';

const str = { type: 'string' };
const name = {
  name: 'name',
  description: 'Machine name: job, queue, intake or connection',
  schema: str,
};

/** The state-chart inspector's routes: machine definitions (REST) and the inspection stream (WebSocket). */
export const INSPECTOR_OPERATIONS: readonly OperationSpec[] = [
  {
    method: 'get',
    path: '/api/v1/machines',
    summary:
      "The job, queue, intake and dashboard connection machines as XState JSON (machine.toJSON() plus eventless 'always' transitions), each with a sha256 of that JSON",
    tag: 'inspector',
    responses: { 200: 'MachineList' },
  },
  {
    method: 'get',
    path: '/api/v1/machines/{name}',
    summary: 'One machine definition',
    tag: 'inspector',
    pathParameters: [name],
    responses: { 200: 'MachineDefinition', 404: 'Error' },
  },
  {
    method: 'get',
    path: '/api/v1/machines/{name}/mermaid',
    summary: 'One machine as a Mermaid stateDiagram-v2 (ETag: the definition hash)',
    tag: 'inspector',
    pathParameters: [name],
    responses: {
      200: { description: 'Mermaid text', content: { 'text/plain': { schema: str } } },
      404: 'Error',
    },
  },
  {
    method: 'get',
    path: '/api/v1/inspect',
    summary:
      "WebSocket of XState's inspection events (subprotocol bvp.v1; token as on /api/v1/stream); see InspectMessage",
    tag: 'inspector',
    query: [
      {
        name: 'actor',
        description:
          'Only this actor and what it spawned: a job id, queue, an intake path or a full actor name (job:<id>); may repeat',
        schema: str,
      },
      {
        name: 'paths',
        description: '1 or true: send file paths whole (default: folders removed, …/name.mov)',
        schema: str,
      },
      { name: 'ticket', description: 'Ticket from POST /api/v1/ws-ticket', schema: str },
    ],
    responses: { 101: 'InspectMessage', 401: 'Error', 403: 'Error', 426: 'Error' },
  },
];

const definition: JsonSchema = {
  type: 'object',
  properties: {
    name: str,
    hash: { ...str, description: 'sha256 (hex) of the JSON text of definition' },
    statuses: {
      type: 'object',
      description: 'Job only: status → the state ids (job.active.running, …) shown as that status',
      additionalProperties: { type: 'array', items: str },
    },
    definition: {
      type: 'object',
      description: "XState's machine JSON: id, key, type, states, on, always, …",
    },
  },
  required: ['name', 'hash', 'definition'],
};

export const INSPECTOR_SCHEMAS: Record<string, JsonSchema> = {
  MachineDefinition: definition,
  MachineList: {
    type: 'object',
    properties: { machines: { type: 'array', items: { $ref: '#/components/schemas/MachineDefinition' } } },
    required: ['machines'],
  },
  InspectMessage: {
    type: 'object',
    properties: {
      type: { enum: ['inspect.snapshot', ...INSPECTION_TYPES, 'error', 'pong'] },
      seq: { type: 'integer' },
      at: { type: 'number' },
      data: { type: 'object' },
    },
    required: ['type', 'seq', 'at', 'data'],
    description:
      'First inspect.snapshot {actors: [{actor, machine, snapshot}], more}; then one message per inspection event, ' +
      'data {actor, machine, event, snapshot: {status, value, context, children}, …}, seq rising by one. Send ' +
      '{"type":"subscribe","actors":[…]|null} to change the filter, {"type":"resync"}, {"type":"ping"}.',
  },
};
