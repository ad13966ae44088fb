import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { toJsonSchema } from '../../../src/http/openapi/json-schema.ts';
import { MoveBodySchema, SubmitBodySchema } from '../../../src/http/schemas.ts';

describe('valibot to JSON Schema', () => {
  it('describes the submit body with required fields, bounds and no extra keys', () => {
    const schema = toJsonSchema(SubmitBodySchema);
    expect(schema).toMatchObject({
      type: 'object',
      required: ['source', 'profile'],
      additionalProperties: false,
      properties: {
        source: { type: 'string', minLength: 1 },
        priority: { type: 'integer', minimum: -1000, maximum: 1000 },
      },
    });
  });

  it('turns a variant into oneOf', () => {
    const schema = toJsonSchema(MoveBodySchema) as { oneOf: unknown[] };
    expect(schema.oneOf).toHaveLength(2);
    expect(schema.oneOf[1]).toMatchObject({
      required: ['to', 'job'],
      properties: { to: { enum: ['before', 'after'] } },
    });
  });

  it('refuses a schema kind it cannot describe instead of emitting {}', () => {
    expect(() => toJsonSchema(v.date())).toThrow(/date/);
  });
});
