/** How values that are not plain data are written. */
export interface PlainOptions {
  /** An actor ref's name (`queue`, `job:<id>`, `intake:<path>`…): refs travel as `{ "$actor": name }`. */
  nameOf: (ref: ActorRefShape) => string;
  /** Applied to every string (path redaction); identity when the client asked for paths. */
  text: (value: string) => string;
}

/** The part of an XState actor ref the inspector reads. */
export interface ActorRefShape {
  id: string;
  sessionId: string;
  systemId?: string;
  _parent?: ActorRefShape;
  send: (event: never) => void;
  getSnapshot: () => unknown;
}

const MAX_DEPTH = 8;
const MAX_ITEMS = 200;

export function isActorRef(value: unknown): value is ActorRefShape {
  const v = value as Partial<ActorRefShape> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.sessionId === 'string' && typeof v.send === 'function'
  );
}

/** machines/persistent-map.ts: a fixed table of buckets of [key, value] pairs. */
function isPersistentMap(value: object): value is { size: number; buckets: unknown[] } {
  const v = value as { size?: unknown; buckets?: unknown };
  return typeof v.size === 'number' && Array.isArray(v.buckets) && Object.keys(v).length === 2;
}

function entriesOf(value: { buckets: unknown[] }): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const bucket of value.buckets)
    if (Array.isArray(bucket)) for (const pair of bucket) entries.push(pair);
  return entries;
}

/**
 * Turns anything an actor holds into JSON-safe data: functions are left out, actor refs become their names, errors
 * their name, code and message, persistent maps plain objects; long lists and deep nesting are cut with a marker,
 * and cycles end in "[cycle]". Nothing here throws on odd input: an inspector must never break the service.
 */
export function toPlain(value: unknown, options: PlainOptions): unknown {
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number): unknown => {
    switch (typeof v) {
      case 'string':
        return options.text(v);
      case 'number':
        return Number.isFinite(v) ? v : null;
      case 'boolean':
        return v;
      case 'bigint':
        return v.toString();
      case 'object':
        break;
      default:
        // functions, symbols, undefined
        return undefined;
    }
    if (v === null) return null;
    if (isActorRef(v)) return { $actor: options.text(options.nameOf(v)) };
    if (v instanceof Error) {
      const code = (v as { code?: unknown }).code;
      return {
        name: v.name,
        message: options.text(v.message),
        ...(typeof code === 'string' ? { code } : {}),
      };
    }
    if (v instanceof Date) return v.toISOString();
    if (depth >= MAX_DEPTH) return '[…]';
    if (seen.has(v)) return '[cycle]';
    seen.add(v);
    try {
      if (Array.isArray(v) || v instanceof Set) return list([...v], depth);
      if (v instanceof Map)
        return record(
          [...v].map(([k, x]) => [String(k), x]),
          depth,
        );
      if (isPersistentMap(v)) return record(entriesOf(v), depth);
      return record(Object.entries(v), depth);
    } finally {
      seen.delete(v);
    }
  };
  const list = (items: unknown[], depth: number): unknown[] => {
    const out = items.slice(0, MAX_ITEMS).map((x) => walk(x, depth + 1) ?? null);
    if (items.length > MAX_ITEMS) out.push(`… ${items.length - MAX_ITEMS} more`);
    return out;
  };
  const record = (entries: [string, unknown][], depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    let kept = 0;
    for (const [key, x] of entries) {
      if (kept === MAX_ITEMS) {
        out['…'] = `${entries.length - MAX_ITEMS} more`;
        break;
      }
      const plain = walk(x, depth + 1);
      if (plain === undefined) continue;
      out[options.text(key)] = plain;
      kept++;
    }
    return out;
  };
  return walk(value, 0) ?? null;
}
