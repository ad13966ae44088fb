/**
 * An immutable string-keyed map whose updates cost a few microseconds at any size. The queue's context must stay a
 * value (every snapshot its own), but copying a Map or object of 10,000 jobs costs about a millisecond per event,
 * and scanning an array for an id nearly as much once the entries are spread over the heap. So: a fixed number
 * of hash buckets; a change copies the bucket table (1,024 pointers) and one small bucket, and shares the rest.
 */
type Bucket<V> = readonly (readonly [string, V])[];

export interface PersistentMap<V> {
  readonly size: number;
  readonly buckets: readonly (Bucket<V> | undefined)[];
}

const BUCKETS = 1024;

// FNV-1a: cheap and spreads short ids and long paths alike.
function bucketOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % BUCKETS;
}

// An empty map has no table yet: a snapshot of an empty queue stays a few bytes, not two tables of 1,024 slots.
export function emptyMap<V>(): PersistentMap<V> {
  return { size: 0, buckets: [] };
}

/** A copy of the bucket table to change, the full table when the map had none. */
function tableOf<V>(map: PersistentMap<V>): (Bucket<V> | undefined)[] {
  return map.buckets.length === 0
    ? new Array<Bucket<V> | undefined>(BUCKETS).fill(undefined)
    : map.buckets.slice();
}

export function mapGet<V>(map: PersistentMap<V>, key: string): V | undefined {
  const bucket = map.buckets[bucketOf(key)];
  if (!bucket) return undefined;
  for (let i = 0; i < bucket.length; i++) if (bucket[i][0] === key) return bucket[i][1];
  return undefined;
}

export function mapSet<V>(map: PersistentMap<V>, key: string, value: V): PersistentMap<V> {
  const at = bucketOf(key);
  const bucket = map.buckets[at] ?? [];
  const index = bucket.findIndex((pair) => pair[0] === key);
  const next = bucket.slice();
  if (index < 0) next.push([key, value]);
  else next[index] = [key, value];
  const buckets = tableOf(map);
  buckets[at] = next;
  return { size: map.size + (index < 0 ? 1 : 0), buckets };
}

/**
 * `pairs` set at once: the bucket table and each bucket touched are copied once, not once per pair — a boot that
 * restores 10,000 jobs would otherwise copy the 1,024-pointer table 10,000 times.
 */
export function mapSetAll<V>(
  map: PersistentMap<V>,
  pairs: readonly (readonly [string, V])[],
): PersistentMap<V> {
  if (pairs.length === 0) return map;
  const buckets = tableOf(map);
  const copied = new Set<number>();
  let size = map.size;
  for (const [key, value] of pairs) {
    const at = bucketOf(key);
    if (!copied.has(at)) {
      buckets[at] = (buckets[at] ?? []).slice();
      copied.add(at);
    }
    const bucket = buckets[at] as (readonly [string, V])[];
    const index = bucket.findIndex((pair) => pair[0] === key);
    if (index < 0) {
      bucket.push([key, value]);
      size++;
    } else bucket[index] = [key, value];
  }
  return { size, buckets };
}

export function mapDelete<V>(map: PersistentMap<V>, key: string): PersistentMap<V> {
  const at = bucketOf(key);
  const bucket = map.buckets[at];
  if (!bucket?.some((pair) => pair[0] === key)) return map;
  const buckets = map.buckets.slice();
  buckets[at] = bucket.filter((pair) => pair[0] !== key);
  return { size: map.size - 1, buckets };
}

/** Every value, in no particular order. */
export function mapValues<V>(map: PersistentMap<V>): V[] {
  const values: V[] = [];
  for (const bucket of map.buckets) if (bucket) for (const pair of bucket) values.push(pair[1]);
  return values;
}
