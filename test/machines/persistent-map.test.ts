import { describe, expect, it } from 'vitest';
import { emptyMap, mapDelete, mapGet, mapSet, mapValues } from '../../machines/persistent-map.ts';

describe('persistent map', () => {
  it('gets what was set, and leaves every earlier version as it was', () => {
    const empty = emptyMap<number>();
    const one = mapSet(empty, 'a', 1);
    const two = mapSet(one, 'b', 2);
    const changed = mapSet(two, 'a', 10);
    const removed = mapDelete(changed, 'b');
    expect([mapGet(empty, 'a'), mapGet(one, 'a'), mapGet(two, 'b'), mapGet(changed, 'a')]).toEqual([
      undefined,
      1,
      2,
      10,
    ]);
    expect([mapGet(two, 'a'), mapGet(removed, 'b'), mapGet(removed, 'a')]).toEqual([1, undefined, 10]);
    expect([empty.size, one.size, two.size, changed.size, removed.size]).toEqual([0, 1, 2, 2, 1]);
    expect(mapDelete(removed, 'nope')).toBe(removed);
  });

  it('holds many keys, colliding buckets included', () => {
    let map = emptyMap<string>();
    for (let i = 0; i < 5000; i++) map = mapSet(map, `job-${i}`, `v${i}`);
    for (let i = 0; i < 5000; i += 2) map = mapDelete(map, `job-${i}`);
    expect(map.size).toBe(2500);
    expect(mapGet(map, 'job-4999')).toBe('v4999');
    expect(mapGet(map, 'job-4998')).toBeUndefined();
    expect(mapValues(map).sort()).toEqual(Array.from({ length: 2500 }, (_, i) => `v${i * 2 + 1}`).sort());
  });
});
