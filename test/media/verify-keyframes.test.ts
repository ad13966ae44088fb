import { describe, expect, it } from 'vitest';
import { checkKeyframes, parseKeyframeCsv } from '../../src/media/verify-keyframes.ts';

const at2997 = { intervalSeconds: 5, frameSeconds: 1001 / 30000 };

describe('checkKeyframes', () => {
  it('accepts a frame-count GOP at 29.97 fps even though it drifts off whole seconds', () => {
    // 150 frames at 29.97 are 5.005 s: after a minute that is 0.06 s off the 5 s grid, more than a frame.
    const times = Array.from({ length: 13 }, (_, k) => (k * 150 * 1001) / 30000);
    expect(checkKeyframes(times, { ...at2997, endSeconds: 65.1 })).toMatchObject({ ok: true });
  });

  it('accepts keyframes snapped to the first frame after each mark', () => {
    expect(checkKeyframes([0, 5.005, 10.01, 15.015], { ...at2997, endSeconds: 16 }).ok).toBe(true);
  });

  it('reports an extra keyframe in between (a scene cut)', () => {
    const check = checkKeyframes([0, 3.003, 5.005, 10.01], { ...at2997, endSeconds: 12 });
    expect(check).toMatchObject({
      name: 'keyframes',
      ok: false,
      expected: 'a keyframe every 5 s (±1 frame), none in between',
    });
    expect(check.message).toBe('extra keyframes at 3.003 s');
    expect(check.actual).toBe('keyframes at 0, 3.003, 5.005, 10.01');
  });

  it('reports pairs of keyframes around each mark (the original libx264 fault)', () => {
    // Frames 149 and 150 both keyframes: the second of each pair comes one frame after a good one.
    const check = checkKeyframes([0, 4.971, 5.005, 9.976, 10.01], { ...at2997, endSeconds: 12 });
    expect(check.ok).toBe(false);
    expect(check.message).toBe('extra keyframes at 5.005, 10.01 s');
  });

  it('reports a missing keyframe when the interval is too long', () => {
    const check = checkKeyframes([0, 10, 20], { intervalSeconds: 5, frameSeconds: 0.04, endSeconds: 22 });
    expect(check.ok).toBe(false);
    expect(check.message).toBe('no keyframe near 5, 15 s');
  });

  it('reports a missing keyframe at the end of the stream', () => {
    const check = checkKeyframes([0, 5], { intervalSeconds: 5, frameSeconds: 0.04, endSeconds: 12 });
    expect(check.message).toBe('no keyframe near 10 s');
    // A mark inside the last frame needs no keyframe: there is no frame to put it on.
    expect(checkKeyframes([0, 5], { intervalSeconds: 5, frameSeconds: 0.04, endSeconds: 10.02 }).ok).toBe(
      true,
    );
  });

  it('counts from the first keyframe when the stream does not start at zero', () => {
    expect(
      checkKeyframes([1.4, 3.4, 5.4], { intervalSeconds: 2, frameSeconds: 0.04, endSeconds: 5 }).ok,
    ).toBe(true);
  });

  it('fails with no keyframes or none measured', () => {
    expect(checkKeyframes([], { ...at2997, endSeconds: 1 })).toMatchObject({
      ok: false,
      actual: 'no keyframes',
    });
    expect(checkKeyframes(undefined, { ...at2997, endSeconds: 1 })).toMatchObject({
      ok: false,
      actual: 'not measured',
    });
  });
});

describe('parseKeyframeCsv', () => {
  it('keeps keyframe packets, sorted, skipping discarded ones and N/A times', () => {
    const csv = [
      '0.000000,K_',
      '0.080000,__',
      '0.040000,__',
      '2.000000,K_',
      '1.000000,KD',
      'N/A,K_',
      '',
    ].join('\n');
    expect(parseKeyframeCsv(csv)).toEqual([0, 2]);
  });
});
