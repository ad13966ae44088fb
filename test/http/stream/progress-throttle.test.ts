import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgressThrottle, jobIdOf } from '../../../src/http/stream/progress-throttle.ts';
import type { ServiceEvent } from '../../../src/service/types.ts';

const progress = (id: string, percent: number): ServiceEvent => ({
  type: 'job.progress',
  at: Date.now(),
  data: { id, percent },
});

describe('progress throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lets at most four job.progress per second through for one job, the latest winning', () => {
    const sent: ServiceEvent[] = [];
    const throttle = createProgressThrottle((e) => sent.push(e), 250);
    for (let i = 1; i <= 100; i++) {
      throttle.push(progress('a', i));
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(500);
    expect(sent.length).toBeLessThanOrEqual(5);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(sent.at(-1)?.data.percent).toBe(100);
    const percents = sent.map((e) => e.data.percent as number);
    expect([...percents].sort((x, y) => x - y)).toEqual(percents);
  });

  it('throttles each job on its own', () => {
    const sent: ServiceEvent[] = [];
    const throttle = createProgressThrottle((e) => sent.push(e), 250);
    throttle.push(progress('a', 1));
    throttle.push(progress('b', 1));
    throttle.push(progress('a', 2));
    expect(sent.map((e) => e.data.id)).toEqual(['a', 'b']);
    vi.advanceTimersByTime(250);
    expect(sent.map((e) => `${e.data.id}${e.data.percent}`)).toEqual(['a1', 'b1', 'a2']);
  });

  it('never sends a waiting progress after the job completed', () => {
    const sent: ServiceEvent[] = [];
    const throttle = createProgressThrottle((e) => sent.push(e), 250);
    throttle.push(progress('a', 10));
    throttle.push(progress('a', 99));
    throttle.push({ type: 'job.completed', at: Date.now(), data: { id: 'a' } });
    vi.advanceTimersByTime(1000);
    expect(sent.map((e) => e.type)).toEqual(['job.progress', 'job.completed']);
  });

  it('passes events that are not about a job straight through', () => {
    const sent: ServiceEvent[] = [];
    const throttle = createProgressThrottle((e) => sent.push(e), 250);
    throttle.push({ type: 'queue.paused', at: 1, data: {} });
    throttle.push({ type: 'queue.paused', at: 2, data: {} });
    expect(sent).toHaveLength(2);
  });

  it('finds the job id under id, jobId or job.id', () => {
    expect(jobIdOf({ type: 'x', at: 0, data: { id: 'a' } })).toBe('a');
    expect(jobIdOf({ type: 'x', at: 0, data: { jobId: 'b' } })).toBe('b');
    expect(jobIdOf({ type: 'x', at: 0, data: { job: { id: 'c' } } })).toBe('c');
    expect(jobIdOf({ type: 'x', at: 0, data: {} })).toBeNull();
  });
});
