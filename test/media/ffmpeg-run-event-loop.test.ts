import { describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../src/media/ffmpeg-run.ts';
import { makeTempDir } from '../helpers/clips.ts';

/** Blocks this thread without spinning a core: the event loop is frozen, as under a long synchronous task. */
function freezeEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('stall detection and a frozen event loop', () => {
  it('a 15 s event-loop block does not fail a healthy encode as stalled (stall_seconds 5)', async () => {
    const dir = await makeTempDir('bvp-loop-block-');
    try {
      let reports = 0;
      let firstReport: () => void = () => {};
      const started = new Promise<void>((resolve) => {
        firstReport = resolve;
      });
      // A real encode paced at real time (-re): ~20 s of wall time, reporting every 0.5 s.
      const run = runFfmpeg({
        ffmpeg: 'ffmpeg',
        args: [
          '-hide_banner',
          '-nostdin',
          '-re',
          '-f',
          'lavfi',
          '-i',
          'testsrc2=size=96x54:rate=25:duration=20',
          '-c:v',
          'mpeg4',
          '-stats_period',
          '0.5',
          '-progress',
          'pipe:1',
          '-nostats',
          '-y',
          dir.join('out.mov'),
        ],
        durationSeconds: 20,
        stallSeconds: 5,
        progressIntervalMs: 0,
        onProgress: () => {
          reports++;
          firstReport();
        },
      });
      await started;
      freezeEventLoop(15_000);
      const outcome = await run.done;
      expect(outcome.exitCode).toBe(0);
      expect(outcome.lastProgress?.percent).toBe(100);
      expect(reports).toBeGreaterThan(2);
    } finally {
      await dir.cleanup();
    }
  }, 60_000);
});
