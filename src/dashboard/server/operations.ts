import type { OperationSpec } from '../../http/openapi/operations.ts';
import { ConfigTextBodySchema, RuleTestBodySchema } from './schemas.ts';

/** The API calls the dashboard added (src/http/routes/dashboard.ts), for the OpenAPI document. */
export const DASHBOARD_OPERATIONS: readonly OperationSpec[] = [
  {
    method: 'post',
    path: '/api/v1/rules/test',
    summary: 'Which watch folder, rule, profile and output a path would get, or why it would be passed over',
    tag: 'config',
    body: RuleTestBodySchema,
    responses: { 200: null, 422: 'Error' },
  },
  {
    method: 'get',
    path: '/api/v1/config/text',
    summary: "The config file's text, comments kept, the token shown as '***'",
    tag: 'config',
    responses: { 200: null, 501: 'Error' },
  },
  {
    method: 'post',
    path: '/api/v1/config/text/validate',
    summary:
      'Validate a whole config text (issues with line and document path); a token of *** means unchanged',
    tag: 'config',
    body: ConfigTextBodySchema,
    responses: { 200: 'ConfigValidation', 501: 'Error' },
  },
  {
    method: 'put',
    path: '/api/v1/config/text',
    summary:
      'Replace the config file with this text: validated, applied, written; an invalid text changes nothing',
    tag: 'config',
    body: ConfigTextBodySchema,
    responses: { 200: null, 422: 'Error', 501: 'Error' },
  },
];
