import { describe, expect, it } from 'vitest';
import { attemptsStarted } from '../../src/service/views.ts';

describe('attempts shown to operators', () => {
  it('counts runs that started: 0 for a pending job that never ran, the runs so far for a retried one', () => {
    expect(attemptsStarted({ attempts: 1, startedAt: null, status: 'pending' })).toBe(0);
    expect(attemptsStarted({ attempts: 1, startedAt: 5, status: 'running' })).toBe(1);
    expect(attemptsStarted({ attempts: 1, startedAt: 5, status: 'completed' })).toBe(1);
    expect(attemptsStarted({ attempts: 1, startedAt: null, status: 'cancelled' })).toBe(0);
    // Retried after a failure, or requeued after an interrupted run: waiting again, one run behind it.
    expect(attemptsStarted({ attempts: 2, startedAt: null, status: 'pending' })).toBe(1);
    expect(attemptsStarted({ attempts: 3, startedAt: 9, status: 'failed' })).toBe(3);
  });
});
