import type * as v from 'valibot';

type AnyIssue = v.BaseIssue<unknown>;

/**
 * A copy of `raw` without the values the schema refused (and keys it does not know), so the checks that need a
 * well-formed document (folders, API) can still run and report their problems in the same pass. Null when the
 * document itself is the problem (not a mapping).
 */
export function withoutRefused(raw: unknown, issues: readonly AnyIssue[]): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const copy = structuredClone(raw) as Record<string, unknown>;
  for (const issue of issues) {
    const path = (issue.path ?? []).map((item) => item.key as string | number);
    if (path.length === 0) return null;
    let node: unknown = copy;
    for (const key of path.slice(0, -1)) {
      node = (node as Record<string | number, unknown> | undefined)?.[key];
      if (typeof node !== 'object' || node === null) break;
    }
    if (typeof node === 'object' && node !== null)
      delete (node as Record<string | number, unknown>)[path[path.length - 1]!];
  }
  return copy;
}
