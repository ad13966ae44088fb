import { isAbsolute } from 'node:path';
import { type Document, isMap, isNode, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import { BvpError } from '../errors.ts';
import type { DocPath } from './issue-path.ts';
import { resolveConfigPath } from './resolve-path.ts';

export type ConfigEdit = { path: DocPath; value: unknown } | { path: DocPath; remove: true };

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface PlanOptions {
  /** Relative paths in the file and absolute ones in the body mean the same folder when they resolve alike. */
  baseDir: string;
  /**
   * PUT: a key the body leaves out is removed, unless the effective form has no such key (the original's spellings
   * such as `watch_directory`, whose meaning the body carries under the richer keys). PATCH: only explicit removals.
   */
  removeMissing: 'all' | 'effective-only';
}

/** Deep equality where a relative path in one value and the absolute path it resolves to are the same value. */
export function sameValue(a: unknown, b: unknown, baseDir: string): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return true;
    if (isAbsolute(a) === isAbsolute(b)) return false;
    const [abs, rel] = isAbsolute(a) ? [a, b] : [b, a];
    return resolveConfigPath(baseDir, rel) === abs;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i], baseDir));
  }
  if (isPlain(a) && isPlain(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k], baseDir))
    );
  }
  return a === b;
}

/**
 * The smallest set of node edits that turns the file's document `file` into `wanted`, so comments, key order and the
 * operator's relative paths survive a PUT or PATCH. `effective` is the file's meaning in the richer form with every
 * default filled in: a wanted value equal to it needs no edit even where the file spells it differently or leaves it
 * to a default. The caller checks that the edited file means what `wanted` means and falls back to a plain rewrite
 * when it does not.
 */
export function planEdits(
  file: unknown,
  wanted: Plain,
  effective: unknown,
  options: PlanOptions,
): ConfigEdit[] {
  const edits: ConfigEdit[] = [];
  const same = (a: unknown, b: unknown) => sameValue(a, b, options.baseDir);
  const walk = (f: Plain, b: Plain, e: unknown, path: DocPath) => {
    const eff = isPlain(e) ? e : undefined;
    for (const [key, bv] of Object.entries(b)) {
      const at = [...path, key];
      const ev = eff?.[key];
      if (key in f && same(f[key], bv)) continue;
      if (eff && key in eff && same(ev, bv)) continue;
      const fv = f[key];
      if (isPlain(fv) && isPlain(bv)) walk(fv, bv, ev, at);
      else if (Array.isArray(fv) && Array.isArray(bv) && fv.length === bv.length && fv.every(isPlain)) {
        bv.forEach((item, i) => {
          if (isPlain(item)) walk(fv[i] as Plain, item, Array.isArray(ev) ? ev[i] : undefined, [...at, i]);
          else edits.push({ path: [...at, i], value: item });
        });
      } else edits.push({ path: at, value: bv });
    }
    for (const key of Object.keys(f)) {
      if (key in b) continue;
      if (options.removeMissing === 'all' || !eff || key in eff)
        edits.push({ path: [...path, key], remove: true });
    }
  };
  walk(isPlain(file) ? file : {}, wanted, effective, []);
  return edits;
}

/**
 * Applies edits through the yaml Document API: a scalar changed in place keeps its comments and quoting; a replaced
 * node keeps the comments of the one it replaces.
 * @throws BvpError `config.invalid` when `text` is not a YAML mapping.
 */
export function applyEdits(text: string, edits: readonly ConfigEdit[]): string {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) {
    throw new BvpError('config.invalid', `Cannot edit the config: ${doc.errors[0]!.message.split('\n')[0]}`);
  }
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  if (!isMap(doc.contents))
    throw new BvpError('config.invalid', 'Cannot edit the config: it is not a mapping');
  for (const edit of edits) {
    const parent = doc.getIn(edit.path.slice(0, -1), true);
    const key = edit.path[edit.path.length - 1]!;
    if (!isMap(parent) && !isSeq(parent)) continue;
    if ('remove' in edit) {
      parent.delete(key);
      continue;
    }
    setNode(doc, parent, key, edit.value);
  }
  return doc.toString();
}

function setNode(doc: Document, parent: Node, key: string | number, value: unknown): void {
  const collection = parent as unknown as {
    get(k: unknown, keep: true): unknown;
    set(k: unknown, v: unknown): void;
  };
  const existing = collection.get(key, true);
  const scalarValue = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  if (isScalar(existing) && scalarValue) {
    existing.value = value;
    return;
  }
  const node = doc.createNode(value);
  if (isNode(existing)) {
    node.comment = existing.comment;
    node.commentBefore = existing.commentBefore;
  }
  collection.set(key, node);
}
