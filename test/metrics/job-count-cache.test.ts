import { describe, expect, it } from 'vitest';
import { createJobCountCache } from '../../src/metrics/job-count-cache.ts';

function counter() {
  let calls = 0;
  return {
    count: () => {
      calls += 1;
      return { completed: calls };
    },
    get calls() {
      return calls;
    },
  };
}

describe('job count cache', () => {
  it('counts at every read until it watches the store', () => {
    const cache = createJobCountCache<{ completed: number }>();
    const c = counter();
    cache.read(c.count);
    cache.read(c.count);
    expect(c.calls).toBe(2);
  });

  it('keeps the counts while the store only reads, records progress or reorders', () => {
    const cache = createJobCountCache<{ completed: number }>();
    cache.watching();
    const c = counter();
    expect(cache.read(c.count)).toEqual({ completed: 1 });
    for (const op of ['getJob', 'listHistory', 'countByStatus', 'updateProgress', 'reorder', 'markSeen']) {
      cache.storeCalled(op);
    }
    expect(cache.read(c.count)).toEqual({ completed: 1 });
    expect(c.calls).toBe(1);
  });

  it('counts again after a call that can change a status, and after any call it does not know', () => {
    const cache = createJobCountCache<{ completed: number }>();
    cache.watching();
    const c = counter();
    cache.read(c.count);
    for (const [i, op] of [
      'insertJob',
      'recordTransition',
      'deleteHistory',
      'recover',
      'aNewWrite',
    ].entries()) {
      cache.storeCalled(op);
      expect(cache.read(c.count)).toEqual({ completed: i + 2 });
      expect(cache.read(c.count)).toEqual({ completed: i + 2 });
    }
  });
});
