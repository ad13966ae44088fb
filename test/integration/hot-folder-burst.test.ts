import { copyFile, mkdir, rename } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { makeClip } from '../helpers/clips.ts';
import { jobOf, useHarnesses } from './helpers/harness.ts';
import { hotConfig } from './helpers/media.ts';

const newHarness = useHarnesses();

const COUNT = 100;

describe('hot folder: a burst of files', () => {
  it('turns 100 files dropped at once into exactly 100 jobs, one per file, and no more on later scans', async () => {
    const h = await newHarness('bvp-burst-');
    await h.writeConfig(
      hotConfig([{ path: './watch', stable_seconds: 1, poll_interval: 1, profile: 'audio-qlab' }]),
    );
    // Staged on the same disk, then renamed in all at once: the drop lands within a few milliseconds.
    const staging = h.dir.join('staging');
    await mkdir(staging);
    const clip = await makeClip(h.dir.join('tone.wav'), { seconds: 0.2, audioOnly: true });
    const names = Array.from({ length: COUNT }, (_, i) => `cue-${String(i).padStart(3, '0')}.wav`);
    await Promise.all(names.map((name) => copyFile(clip, `${staging}/${name}`)));

    const app = await h.start();
    // Counting jobs, not encoding them: the queue holds them all as pending.
    app.service.pauseQueue();
    await Promise.all(names.map((name) => rename(`${staging}/${name}`, h.dir.join('watch', name))));

    const queuedSources = () => new Set(h.ofType('job.queued').map((e) => jobOf(e).source.path));
    await h.until(() => queuedSources().size === COUNT, `${COUNT} distinct sources queued`, 60_000);
    // Two more full scans, then nothing left settling: no sighting can still turn into a job.
    await app.hotFolders.scanNow();
    await app.hotFolders.scanNow();
    expect(app.hotFolders.status()[0].settling).toBe(0);

    expect(h.ofType('job.queued')).toHaveLength(COUNT);
    expect([...queuedSources()].sort()).toEqual(names.map((name) => h.dir.join('watch', name)));
    const queue = app.service.queue();
    expect(queue.counts.pending).toBe(COUNT);
    expect(new Set(queue.jobs.map((j) => j.source.path)).size).toBe(COUNT);
    expect(h.ofType('file.detected')).toHaveLength(COUNT);
    expect(h.ofType('file.ignored')).toEqual([]);
  }, 90_000);
});
