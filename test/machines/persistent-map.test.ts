import { describe, expect, it } from 'vitest';
import { emptyMap, mapDelete, mapGet, mapSet, mapSetAll, mapValues } from '../../machines/persistent-map.ts';

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

  it('has no bucket table while empty, so an empty map is a few bytes of JSON that reads back the same', () => {
    expect(JSON.stringify(emptyMap())).toBe('{"size":0,"buckets":[]}');
    const many = mapSetAll(emptyMap<number>(), [
      ['a', 1],
      ['b', 2],
    ]);
    const back = JSON.parse(JSON.stringify(many)) as typeof many;
    expect([mapGet(back, 'a'), mapGet(back, 'b'), mapGet(mapSet(back, 'c', 3), 'c')]).toEqual([1, 2, 3]);
    expect(mapValues(mapDelete(mapDelete(many, 'a'), 'b'))).toEqual([]);
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

  it('sets many pairs at once as one set after another would, leaving the original as it was', () => {
    const base = mapSet(mapSet(emptyMap<number>(), 'a', 1), 'b', 2);
    const pairs = Array.from({ length: 3000 }, (_, i) => [`k${i}`, i] as const);
    const all = mapSetAll(base, [...pairs, ['a', 10], ['k7', 70]]);
    let one = base;
    for (const [key, value] of [...pairs, ['a', 10] as const, ['k7', 70] as const])
      one = mapSet(one, key, value);
    expect(all.size).toBe(3002);
    expect(mapValues(all).sort()).toEqual(mapValues(one).sort());
    expect([mapGet(all, 'a'), mapGet(all, 'b'), mapGet(all, 'k7'), mapGet(all, 'k2999')]).toEqual([
      10, 2, 70, 2999,
    ]);
    expect([base.size, mapGet(base, 'a'), mapGet(base, 'k1')]).toEqual([2, 1, undefined]);
    expect(mapSetAll(base, [])).toBe(base);
  });
});
