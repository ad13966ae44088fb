import { toJsonSchema as valibotToJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';

export type JsonSchema = { [key: string]: unknown };

/**
 * JSON Schema (2020-12, as OpenAPI 3.1 uses it) for the request-body schemas of this API, by @valibot/to-json-schema.
 * The input type is described (what a client sends, before defaults and transforms). A schema kind or check with no
 * JSON Schema form throws, so a new body shape cannot silently become `{}`; transforms and custom checks are skipped
 * (the server still enforces them). The `$schema` key is dropped: OpenAPI 3.1 sets the dialect for the document.
 */
export function toJsonSchema(schema: v.GenericSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = valibotToJsonSchema(schema, {
    target: 'draft-2020-12',
    typeMode: 'input',
    errorMode: 'throw',
    ignoreActions: ['transform', 'check'],
  }) as JsonSchema;
  return rest;
}
