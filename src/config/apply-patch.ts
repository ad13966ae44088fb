import { type Document, isMap, isNode, isScalar, parseDocument, type YAMLMap } from 'yaml';
import { BvpError } from '../errors.ts';

/** A JSON merge patch (RFC 7396) in the file's own keys: objects merge, lists and scalars replace, null removes. */
export type ConfigPatch = Readonly<Record<string, unknown>>;

/**
 * Applies `patch` to a YAML config through the yaml Document API, so the operator's comments, key order and
 * formatting survive an edit from the dashboard or the API. Whole-patch semantics: the caller validates the result
 * and writes it once, never field by field (a failure half-way must not leave half a config).
 *
 * @throws BvpError `config.invalid` when `text` is not YAML or not a mapping.
 * @example
 * applyConfigPatch('concurrency: 1 # cores are busy\n', { concurrency: 2 }); // 'concurrency: 2 # cores are busy\n'
 */
export function applyConfigPatch(text: string, patch: ConfigPatch): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new BvpError('config.invalid', `Cannot edit the config: ${doc.errors[0]!.message.split('\n')[0]}`);
  }
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  if (!isMap(doc.contents))
    throw new BvpError('config.invalid', 'Cannot edit the config: it is not a mapping');
  merge(doc, doc.contents, patch);
  return doc.toString();
}

function merge(doc: Document, map: YAMLMap, patch: ConfigPatch): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      map.delete(key);
      continue;
    }
    const existing = map.get(key, true);
    if (isPlainObject(value) && isMap(existing)) {
      merge(doc, existing, value);
    } else if (isScalar(existing) && isScalarValue(value)) {
      // Changing the value in place keeps the scalar's own comments and its quoting style.
      existing.value = value;
    } else {
      const node = doc.createNode(value);
      if (isNode(existing)) {
        node.comment = existing.comment;
        node.commentBefore = existing.commentBefore;
      }
      map.set(key, node);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalarValue(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
