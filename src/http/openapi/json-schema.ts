import type * as v from 'valibot';

export type JsonSchema = { [key: string]: unknown };

/** The introspectable part of a valibot schema or pipe item. */
interface Node {
  kind: string;
  type: string;
  [key: string]: unknown;
}

function applyPipe(base: JsonSchema, pipe: readonly Node[]): JsonSchema {
  const out = { ...base };
  const isArray = out.type === 'array';
  for (const item of pipe.slice(1)) {
    const req = item.requirement;
    switch (item.type) {
      case 'integer':
        out.type = 'integer';
        break;
      case 'min_value':
        out.minimum = req;
        break;
      case 'max_value':
        out.maximum = req;
        break;
      case 'min_length':
        out[isArray ? 'minItems' : 'minLength'] = req;
        break;
      case 'max_length':
        out[isArray ? 'maxItems' : 'maxLength'] = req;
        break;
      case 'regex':
        out.pattern = (req as RegExp).source;
        break;
      case 'description':
        out.description = item.description;
        break;
      // Transforms and custom checks have no JSON Schema form; the server still enforces them.
    }
  }
  return out;
}

function objectSchema(node: Node, additional: boolean | JsonSchema): JsonSchema {
  const entries = node.entries as Record<string, Node>;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, entry] of Object.entries(entries)) {
    properties[key] = convert(entry);
    if (entry.type !== 'optional') required.push(key);
  }
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: additional,
  };
}

function convertBase(node: Node): JsonSchema {
  switch (node.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return { type: node.type };
    case 'unknown':
      return {};
    case 'literal':
      return { const: node.literal };
    case 'picklist':
      return { enum: node.options };
    case 'optional':
      return convert(node.wrapped as Node);
    case 'array':
      return { type: 'array', items: convert(node.item as Node) };
    case 'object':
      return objectSchema(node, true);
    case 'strict_object':
      return objectSchema(node, false);
    case 'record':
      return { type: 'object', additionalProperties: convert(node.value as Node) };
    case 'union':
    case 'variant':
      return { oneOf: (node.options as Node[]).map(convert) };
    default:
      throw new Error(`No JSON Schema form for valibot schema type "${node.type}"`);
  }
}

function convert(node: Node): JsonSchema {
  if (!Array.isArray(node.pipe)) return convertBase(node);
  // A pipe's first item is the schema it refines, which may itself be a pipe.
  const pipe = node.pipe as Node[];
  return applyPipe(convert(pipe[0]), pipe);
}

/**
 * JSON Schema (2020-12, as OpenAPI 3.1 uses it) for the request-body schemas of this API. Covers the valibot schema
 * kinds those bodies use and throws on any other, so a new body shape cannot silently become `{}`.
 */
export function toJsonSchema(schema: v.GenericSchema): JsonSchema {
  return convert(schema as unknown as Node);
}
