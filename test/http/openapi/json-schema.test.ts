import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { toJsonSchema } from '../../../src/http/openapi/json-schema.ts';
import { ConfigValidateBodySchema, MoveBodySchema, SubmitBodySchema } from '../../../src/http/schemas.ts';

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

  it('turns a union into anyOf and leaves the dialect to the OpenAPI document', () => {
    const schema = toJsonSchema(ConfigValidateBodySchema) as { anyOf: unknown[] };
    expect(schema).not.toHaveProperty('$schema');
    expect(schema.anyOf).toEqual([
      expect.objectContaining({ required: ['yaml'], additionalProperties: false }),
      expect.objectContaining({ required: ['document'], additionalProperties: false }),
      expect.objectContaining({ type: 'object', description: expect.stringContaining('config object') }),
    ]);
  });

  it('describes what a client sends: a transform is skipped, its input type kept', () => {
    const schema = toJsonSchema(
      v.strictObject({
        name: v.pipe(
          v.string(),
          v.minLength(2),
          v.transform((s) => s.length),
        ),
      }),
    );
    expect(schema).toEqual({
      type: 'object',
      properties: { name: { type: 'string', minLength: 2 } },
      required: ['name'],
      additionalProperties: false,
    });
  });

  it('refuses a schema kind it cannot describe instead of emitting {}', () => {
    expect(() => toJsonSchema(v.date())).toThrow(/date/);
  });
});
