import type * as v from 'valibot';
import type { DocPath } from './issue-path.ts';
import { didYouMean } from './suggest.ts';

/** An issue before it is given a file and a line: where it is and whether it is about a key or its value. */
export interface RawIssue {
  path: DocPath;
  message: string;
  /** `key` points the line at the key itself (unknown keys); default is the value. */
  at?: 'key' | 'value';
}

type AnyIssue = v.BaseIssue<unknown>;
type AnySchema = v.BaseSchema<unknown, unknown, AnyIssue>;

/**
 * Turns valibot's issues into messages an operator can act on: what was found, what is allowed, and for a typo
 * the likely intended key. `root` is walked to list the keys allowed where an unknown key was found.
 */
export function fromSchemaIssues(
  issues: readonly AnyIssue[],
  root: AnySchema,
  base: DocPath = [],
): RawIssue[] {
  return issues.map((issue) => {
    const path = [...base, ...(issue.path ?? []).map((item) => item.key as string | number)];
    return { path, ...describe(issue, root, path.slice(base.length)) };
  });
}

function describe(issue: AnyIssue, root: AnySchema, path: DocPath): { message: string; at?: 'key' } {
  const last = issue.path?.[issue.path.length - 1];
  if (issue.type === 'strict_object' && last && 'origin' in last && last.origin === 'key') {
    const key = String(last.key);
    if (issue.expected === 'never') {
      const allowed = keysAt(root, path.slice(0, -1));
      const hint = didYouMean(key, allowed);
      const list = allowed.length > 0 ? ` Allowed here: ${allowed.join(', ')}.` : '';
      return { message: `unknown key "${key}"${hint ? `; did you mean "${hint}"?` : '.'}${list}`, at: 'key' };
    }
    return { message: `"${key}" is required here` };
  }
  const got = received(issue.received);
  if (issue.type === 'picklist') {
    const options = (issue.expected ?? '').replace(/[()"]/g, '').split(' | ');
    const typed = typeof issue.input === 'string' ? didYouMean(issue.input, options) : undefined;
    return {
      message: `must be one of ${options.join(', ')}; got ${got}${typed ? ` (did you mean "${typed}"?)` : ''}`,
    };
  }
  if (issue.kind === 'schema' && issue.type !== 'union' && issue.message.startsWith('Invalid type')) {
    return { message: `expected ${expected(issue.expected ?? '')}, got ${got}` };
  }
  if (!issue.message.startsWith('Invalid')) return { message: `${issue.message}; got ${got}` };
  return { message: issue.message };
}

function expected(name: string): string {
  const words: Record<string, string> = {
    string: 'text',
    number: 'a number',
    boolean: 'true or false',
    Array: 'a list',
    Object: 'a mapping (key: value)',
    null: 'nothing',
  };
  return name
    .replace(/[()]/g, '')
    .split(' | ')
    .map((part) => words[part] ?? part)
    .join(' or ');
}

function received(value: string): string {
  if (value === 'Object') return 'a mapping';
  if (value === 'Array') return 'a list';
  if (value === 'undefined') return 'nothing';
  return value;
}

/** The keys an object schema allows at `path`, looking through optional/nullable wrappers, lists and unions. */
export function keysAt(root: AnySchema, path: DocPath): string[] {
  let current: AnySchema[] = [root];
  for (const segment of path) {
    const next: AnySchema[] = [];
    for (const schema of current.flatMap(unwrap)) {
      const s = schema as AnySchema & {
        entries?: Record<string, AnySchema>;
        item?: AnySchema;
      };
      if (typeof segment === 'number' && s.item) next.push(s.item);
      if (typeof segment === 'string' && s.entries?.[segment]) next.push(s.entries[segment]);
    }
    current = next;
  }
  const keys = new Set<string>();
  for (const schema of current.flatMap(unwrap)) {
    const entries = (schema as { entries?: Record<string, unknown> }).entries;
    if (entries) for (const key of Object.keys(entries)) keys.add(key);
  }
  return [...keys];
}

function unwrap(schema: AnySchema): AnySchema[] {
  const s = schema as AnySchema & { wrapped?: AnySchema; options?: AnySchema[] };
  if (s.wrapped) return unwrap(s.wrapped);
  if (Array.isArray(s.options) && s.type === 'union') return s.options.flatMap(unwrap);
  return [schema];
}
