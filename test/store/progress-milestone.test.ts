import { describe, expect, it } from 'vitest';
import { progressMilestone } from '../../src/store/index.ts';

describe('progressMilestone', () => {
  it('fires once per 10 % crossed', () => {
    const reports = [0, 3, 9.9, 10, 14, 19.99, 20.01, 55, 56, 99.9, 100];
    const fired: number[] = [];
    let prev: number | null = null;
    for (const percent of reports) {
      if (progressMilestone(prev, percent)) fired.push(percent);
      prev = percent;
    }
    expect(fired).toEqual([10, 20.01, 55, 99.9, 100]);
  });

  it('does not fire before the first milestone, going backwards, or on nonsense', () => {
    expect(progressMilestone(null, 0)).toBe(false);
    expect(progressMilestone(null, 9)).toBe(false);
    expect(progressMilestone(null, 10)).toBe(true);
    expect(progressMilestone(60, 20)).toBe(false);
    expect(progressMilestone(10, Number.NaN)).toBe(false);
    expect(progressMilestone(100, 130)).toBe(false);
  });

  it('takes another step size', () => {
    expect(progressMilestone(20, 24, 25)).toBe(false);
    expect(progressMilestone(24, 25, 25)).toBe(true);
  });
});
