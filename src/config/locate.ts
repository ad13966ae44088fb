import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { DocPath } from './issue-path.ts';

export interface Position {
  line: number;
  column: number;
}

/**
 * Where `path` is written in the document, so an issue can say `monitor.yaml:12:7`. Falls back to the nearest
 * existing ancestor (a missing key is reported at the mapping that lacks it).
 */
export function locate(
  doc: Document,
  counter: LineCounter,
  path: DocPath,
  at: 'key' | 'value' = 'value',
): Position | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  let found: unknown = node;
  for (const segment of path) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) break;
    } else {
      break;
    }
    found = (at === 'key' && keyNode) || node || keyNode;
  }
  const range = (found as Node | null | undefined)?.range;
  if (!range) return undefined;
  const { line, col } = counter.linePos(range[0]);
  return { line, column: col };
}
