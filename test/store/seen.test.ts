import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identityKey, type SourceIdentity } from '../../machines/types.ts';
import { manualClock, type TempStore, tempStore } from './fixtures.ts';

const file: SourceIdentity = { path: '/watch/in/opener.mov', size: 4_096, mtimeMs: 1_700_000_000_000.25 };

describe('seen sources', () => {
  let t: TempStore;
  const clock = manualClock();
  beforeEach(() => {
    clock.set(10_000);
    t = tempStore({ now: clock.now });
  });
  afterEach(() => t.cleanup());

  it('remembers an identity across reopen, keeping its first sighting', () => {
    expect(t.store.getSeen(file)).toBeNull();
    expect(t.store.isQueuedOrDone(file)).toBe(false);
    t.store.markSeen(file, 'queued', { jobId: 'j1' });
    clock.set(20_000);
    t.store.markSeen(file, 'completed', { jobId: 'j1' });

    const store = t.reopen({ now: clock.now });
    expect(store.getSeen(file)).toEqual({
      identityKey: identityKey(file),
      path: file.path,
      size: file.size,
      mtimeMs: file.mtimeMs,
      firstSeenAt: 10_000,
      updatedAt: 20_000,
      outcome: 'completed',
      jobId: 'j1',
      reason: null,
    });
    expect(store.isQueuedOrDone(file)).toBe(true);
  });

  it('treats a changed file as a new identity', () => {
    t.store.markSeen(file, 'completed', { jobId: 'j1' });
    expect(t.store.isQueuedOrDone({ ...file, size: file.size + 1 })).toBe(false);
    expect(t.store.isQueuedOrDone({ ...file, mtimeMs: file.mtimeMs + 2_000 })).toBe(false);
    expect(t.store.isQueuedOrDone({ ...file, hash: 'abc' })).toBe(false);
  });

  it('lets rejected and ignored files be looked at again, with the reason kept', () => {
    t.store.markSeen(file, 'rejected', { reason: 'ffprobe found no streams' });
    expect(t.store.isQueuedOrDone(file)).toBe(false);
    expect(t.store.getSeen(file)).toMatchObject({
      outcome: 'rejected',
      reason: 'ffprobe found no streams',
      jobId: null,
    });
    t.store.markSeen(file, 'ignored', { reason: 'no rule matched' });
    expect(t.store.getSeen(file)).toMatchObject({ outcome: 'ignored', reason: 'no rule matched' });
  });

  it('never lets a verdict without a job reopen an identity that got one', () => {
    t.store.markSeen(file, 'queued', { jobId: 'j1' });
    const after = t.store.markSeen(file, 'ignored', { reason: 'late intake verdict' });
    expect(after).toMatchObject({ outcome: 'queued', jobId: 'j1', reason: null });
    expect(t.store.isQueuedOrDone(file)).toBe(true);
  });
});
