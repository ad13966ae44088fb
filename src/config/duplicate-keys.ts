import { type Document, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { DocPath } from './issue-path.ts';
import type { RawIssue } from './schema-issues.ts';

/**
 * Keys written twice in one mapping. yaml's own `uniqueKeys` check compares every key with every earlier one (a
 * 60,000-key document took 20 s); this is one pass with a Set per mapping, without recursion.
 */
export function duplicateKeys(doc: Document): (RawIssue & { offset?: number })[] {
  const issues: (RawIssue & { offset?: number })[] = [];
  const stack: { node: unknown; path: DocPath }[] = [{ node: doc.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) {
          issues.push({
            path: [...path, key],
            message: `YAML syntax: Map keys must be unique ("${key}" is written twice here; keep one)`,
            at: 'key',
            offset: isScalar(pair.key) ? pair.key.range?.[0] : undefined,
          });
        }
        seen.add(key);
        stack.push({ node: pair.value, path: [...path, key] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        stack.push({ node: item, path: [...path, i] });
      });
    }
  }
  return issues;
}
