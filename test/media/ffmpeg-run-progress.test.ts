import { describe, expect, it } from 'vitest';
import { createProgressParser } from '../../src/media/ffmpeg-run-progress.ts';
import { lastMeaningfulLine } from '../../src/media/ffmpeg-run-stderr.ts';
import { createThrottle } from '../../src/media/ffmpeg-run-throttle.ts';

function feed(duration: number | null, text: string) {
  const parser = createProgressParser(duration);
  return text
    .trim()
    .split('\n')
    .map((line) => parser.push(line))
    .filter((b) => b !== null);
}

describe('createProgressParser', () => {
  it('turns a block into percent, fps, speed and ETA', () => {
    const [block] = feed(
      10,
      'frame=100\nfps=50.00\nout_time_us=4000000\nout_time=00:00:04.000000\nspeed=2x\nprogress=continue',
    );
    expect(block).toEqual({
      progress: { percent: 40, fps: 50, speed: 2, etaSeconds: 3, outTimeSeconds: 4 },
      end: false,
    });
  });

  it('keeps the last known time when ffmpeg writes N/A, and reads out_time when the others are missing', () => {
    const blocks = feed(
      10,
      'out_time=00:00:01.500000\nspeed=N/A\nprogress=continue\nout_time_us=N/A\nout_time_ms=N/A\nprogress=continue',
    );
    expect(blocks.map((b) => b.progress.outTimeSeconds)).toEqual([1.5, 1.5]);
    expect(blocks[0]!.progress.speed).toBeNull();
    expect(blocks[0]!.progress.etaSeconds).toBeNull();
  });

  it('clamps the negative start times some inputs produce', () => {
    const [block] = feed(10, 'out_time=-00:00:00.033000\nprogress=continue');
    expect(block!.progress.outTimeSeconds).toBe(0);
  });

  it('says 100 % only at progress=end, even when out_time overshoots the probed duration', () => {
    const blocks = feed(2, 'out_time_us=2100000\nprogress=continue\nprogress=end');
    expect(blocks.map((b) => b.progress.percent)).toEqual([99.9, 100]);
    expect(blocks[1]!.end).toBe(true);
  });

  it('stays at 0 % without a known duration', () => {
    const [block] = feed(null, 'out_time_us=3000000\nspeed=1x\nprogress=continue');
    expect(block!.progress).toMatchObject({ percent: 0, outTimeSeconds: 3, etaSeconds: null });
  });
});

describe('createThrottle', () => {
  it('delivers the first value at once, then at most one per interval, and the latest one last', () => {
    let clock = 0;
    const got: number[] = [];
    const throttle = createThrottle<number>(
      250,
      (n) => got.push(n),
      () => clock,
    );
    throttle.push(1);
    clock = 100;
    throttle.push(2);
    throttle.push(3);
    clock = 300;
    throttle.push(4);
    clock = 320;
    throttle.push(5);
    throttle.flush();
    throttle.flush();
    expect(got).toEqual([1, 4, 5]);
  });
});

describe('lastMeaningfulLine', () => {
  it('skips the closing boilerplate', () => {
    expect(lastMeaningfulLine(['a', 'Unknown encoder foo', 'Conversion failed!', ''])).toBe(
      'Unknown encoder foo',
    );
    expect(lastMeaningfulLine(['', 'Conversion failed!'])).toBeNull();
  });
});
