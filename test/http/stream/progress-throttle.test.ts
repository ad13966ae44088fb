import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgressThrottle } from '../../../src/http/stream/progress-throttle.ts';
import { jobIdOf, type ServiceEvent } from '../../../src/service/events.ts';
import { jobViewFixture } from '../../helpers/job-view.ts';

const progress = (id: string, percent: number): ServiceEvent => ({
  type: 'job.progress',
  at: Date.now(),
  data: {
    id,
    status: 'running',
    progress: { percent, fps: null, speed: null, etaSeconds: null, outTimeSeconds: 0 },
  },
});
const percentOf = (e: ServiceEvent): number => (e.type === 'job.progress' ? e.data.progress.percent : -1);
const idOf = (e: ServiceEvent): string | null => jobIdOf(e);

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
    expect(percentOf(sent.at(-1) as ServiceEvent)).toBe(100);
    const percents = sent.map(percentOf);
    expect([...percents].sort((x, y) => x - y)).toEqual(percents);
  });

  it('throttles each job on its own', () => {
    const sent: ServiceEvent[] = [];
    const throttle = createProgressThrottle((e) => sent.push(e), 250);
    throttle.push(progress('a', 1));
    throttle.push(progress('b', 1));
    throttle.push(progress('a', 2));
    expect(sent.map(idOf)).toEqual(['a', 'b']);
    vi.advanceTimersByTime(250);
    expect(sent.map((e) => `${idOf(e)}${percentOf(e)}`)).toEqual(['a1', 'b1', 'a2']);
  });

  it('never sends a waiting progress after the job completed', () => {
    const sent: ServiceEvent[] = [];
    const throttle = createProgressThrottle((e) => sent.push(e), 250);
    throttle.push(progress('a', 10));
    throttle.push(progress('a', 99));
    throttle.push({
      type: 'job.completed',
      at: Date.now(),
      data: {
        id: 'a',
        status: 'completed',
        result: null,
        job: jobViewFixture({ id: 'a', status: 'completed' }),
      },
    });
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

  it('finds the job id of job events and none for the others', () => {
    expect(jobIdOf(progress('a', 1))).toBe('a');
    expect(jobIdOf({ type: 'job.priority', at: 0, data: { id: 'b', status: 'pending', priority: 3 } })).toBe(
      'b',
    );
    expect(jobIdOf({ type: 'file.detected', at: 0, data: { path: '/w/a.mov', size: 1 } })).toBeNull();
    expect(jobIdOf({ type: 'queue.paused', at: 0, data: {} })).toBeNull();
  });
});
