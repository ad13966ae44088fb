import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { makeClip } from '../helpers/clips.ts';
import { dataOf } from '../helpers/events.ts';
import { jobOf, useHarnesses } from './helpers/harness.ts';
import { hotConfig, listFiles } from './helpers/media.ts';

const newHarness = useHarnesses();

describe('hot folder: what is never ingested', () => {
  it('ignores AppleDouble, .part, zero-byte files and the output folder nested in the watch folder; reports the empty file once', async () => {
    const h = await newHarness('bvp-ignore-');
    // The output folder lives inside the watch folder (issue 14 of the original re-ingested it).
    await h.writeConfig(
      hotConfig([{ path: './watch', stable_seconds: 1, poll_interval: 1, profile: 'live-qlab' }], {
        output: './watch/out',
      }),
    );
    const clip = await makeClip(h.dir.join('clip.mov'), { seconds: 1 });
    const watch = (name: string) => h.dir.join('watch', name);
    await mkdir(watch('out'), { recursive: true });
    // Already in the output folder at start: the initial scan must skip it too.
    await copyFile(clip, watch('out/earlier.mov'));

    const app = await h.start();
    // Real media under each ignored name: only the name (or the place) may keep it out.
    await copyFile(clip, watch('._clip.mov'));
    await copyFile(clip, watch('clip.mov.part'));
    await copyFile(clip, watch('out/dropped.mov'));
    await writeFile(watch('empty.mov'), '');
    await copyFile(clip, watch('real.mov'));
    const completed = await h.until(
      (e) => e.type === 'job.completed' && jobOf(e).source.path === watch('real.mov'),
      'real.mov completed',
    );
    // Its output lands in the nested output folder, where the watcher must not pick it up either.
    expect(jobOf(completed).result?.outputPath).toBe(watch('out/real.mov'));
    const ignored = await h.until(
      (e) => e.type === 'file.ignored' && e.data.path === watch('empty.mov'),
      'empty.mov reported',
    );
    expect(dataOf(ignored, 'file.ignored').reason).toBe('zero_bytes');

    // Several more scans, and nothing left settling: the verdicts are final.
    for (let i = 0; i < 3; i++) await app.hotFolders.scanNow();
    expect(app.hotFolders.status()[0].settling).toBe(0);
    const detected = h.ofType('file.detected').map((e) => dataOf(e, 'file.detected').path);
    expect(detected.sort()).toEqual([watch('empty.mov'), watch('real.mov')]);
    expect(h.ofType('job.queued').map((e) => jobOf(e).source.path)).toEqual([watch('real.mov')]);
    expect(h.ofType('file.ignored')).toHaveLength(1);
    expect(await listFiles(watch(''))).toEqual(
      [
        '._clip.mov',
        'clip.mov.part',
        'empty.mov',
        'out/dropped.mov',
        'out/earlier.mov',
        'out/real.mov',
        'real.mov',
      ].sort(),
    );

    // A restart does not report the empty file again: its verdict is stored with its identity.
    await h.stop();
    const again = await h.start();
    await again.hotFolders.scanNow();
    await again.hotFolders.scanNow();
    expect(again.hotFolders.status()[0].settling).toBe(0);
    expect(h.ofType('file.detected', 1)).toEqual([]);
    expect(h.ofType('file.ignored', 1)).toEqual([]);
    expect(h.ofType('job.queued', 1)).toEqual([]);
  }, 60_000);
});
