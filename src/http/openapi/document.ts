import { COMPONENT_SCHEMAS } from './components.ts';
import { type JsonSchema, toJsonSchema } from './json-schema.ts';
import { OPERATIONS, type OperationSpec } from './operations.ts';

const STATUS_TEXT: Record<string, string> = {
  101: 'Switching protocols to WebSocket',
  200: 'OK',
  201: 'Created',
  202: 'Accepted: queued for delivery',
  400: 'Malformed JSON',
  401: 'Missing or wrong token',
  403: 'Origin not allowed',
  404: 'No such job',
  409: "The job's state does not accept this action (config: the file changed on disk meanwhile)",
  413: 'Body over the limit',
  415: 'Body is not JSON',
  421: 'Host header names another server (add it to api.allowed_hosts)',
  422: 'Validation failed; details.issues lists each path',
  426: 'Not a WebSocket upgrade',
  501: 'Not enabled in this server',
  503: 'A check is down',
};

function operation(spec: OperationSpec): JsonSchema {
  const responses: JsonSchema = {};
  for (const [status, schema] of Object.entries(spec.responses)) {
    if (schema !== null && typeof schema === 'object') {
      responses[status] = schema;
      continue;
    }
    responses[status] = {
      description: STATUS_TEXT[status] ?? status,
      ...(schema
        ? { content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } }
        : {}),
    };
  }
  const parameters = [
    ...(spec.path.includes('{id}')
      ? [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'Job id' }]
      : []),
    ...(spec.pathParameters ?? []).map((p) => ({ ...p, in: 'path', required: true })),
    ...(spec.query ?? []).map((p) => ({ ...p, in: 'query', required: p.required ?? false })),
  ];
  return {
    summary: spec.summary,
    tags: [spec.tag],
    operationId: `${spec.method}${spec.path
      .replace('/api/v1', '')
      .replace(/[{}]/g, '')
      .replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toJsonSchema(spec.body) } },
          },
        }
      : {}),
    ...(spec.open ? { security: [] } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document: paths from OPERATIONS, request bodies from the valibot schemas the routes validate with. */
export function buildOpenApiDocument(version: string): JsonSchema {
  const paths: Record<string, JsonSchema> = {};
  for (const spec of OPERATIONS) {
    paths[spec.path] ??= {};
    paths[spec.path][spec.method] = operation(spec);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Bulletproof API',
      version,
      description:
        'Hot-folder transcoding service. With api.token set, send Authorization: Bearer <token>; the WebSocket ' +
        'takes it as subprotocol bvp.token.<token> (after bvp.v1) or a ticket from POST /api/v1/ws-ticket. ' +
        'Errors are {"error":{"code","message","details"}}.',
    },
    paths,
    components: {
      schemas: COMPONENT_SCHEMAS,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
  };
}
