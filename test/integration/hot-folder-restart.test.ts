import { chmod, copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../src/service/types.ts';
import { makeClip } from '../helpers/clips.ts';
import { dataOf } from '../helpers/events.ts';
import { type Harness, jobOf, useHarnesses } from './helpers/harness.ts';
import { hotConfig } from './helpers/media.ts';

const newHarness = useHarnesses();

/** Every job the store knows, active or finished. */
function allJobs(h: Harness): JobView[] {
  const { service } = h.app();
  const active = service.queue().jobs;
  const finished = service.history({ limit: 500 }).items;
  const byId = new Map([...finished, ...active].map((j) => [j.id, j]));
  return [...byId.values()];
}

describe('hot folder: identities across restarts', () => {
  it('queues neither completed nor queued files again after a restart, and queues a rewritten file again', async () => {
    const h = await newHarness('bvp-restart-');
    await h.writeConfig(
      hotConfig([{ path: './watch', stable_seconds: 1, poll_interval: 1, profile: 'audio-qlab' }]),
    );
    const done = h.dir.join('watch', 'done.wav');
    const waiting = h.dir.join('watch', 'waiting.wav');
    const short = await makeClip(h.dir.join('short.wav'), { seconds: 0.5, audioOnly: true });
    const long = await makeClip(h.dir.join('long.wav'), { seconds: 1, audioOnly: true });

    // Run 0: one file completes, one is queued behind a queue the operator paused when the service stops.
    const first = await h.start();
    await copyFile(short, done);
    await h.until((e) => e.type === 'job.completed' && jobOf(e).source.path === done, 'done.wav completed');
    first.service.pauseQueue();
    await copyFile(short, waiting);
    await h.until((e) => e.type === 'job.queued' && jobOf(e).source.path === waiting, 'waiting.wav queued');
    const before = allJobs(h);
    expect(before.map((j) => [j.source.path, j.status]).sort()).toEqual([
      [done, 'completed'],
      [waiting, 'pending'],
    ]);
    await h.stop();

    // Run 1 on the same data folder: the initial scan and two more pass over both files.
    const second = await h.start();
    await second.hotFolders.scanNow();
    await second.hotFolders.scanNow();
    expect(second.hotFolders.status()[0].settling).toBe(0);
    expect(h.ofType('file.detected', 1)).toEqual([]);
    // The waiting job came back as itself (same id), and is the only job for its file.
    const after = allJobs(h);
    expect(after.map((j) => j.id).sort()).toEqual(before.map((j) => j.id).sort());
    expect(h.ofType('job.queued', 1).every((e) => before.some((j) => j.id === jobOf(e).id))).toBe(true);
    // The operator's pause survived the restart: the restored job waits until the queue is resumed.
    expect(second.service.status()).toMatchObject({ state: 'paused', paused: true });
    expect(second.service.status().pausedSince).toEqual(expect.any(Number));
    expect(allJobs(h).find((j) => j.source.path === waiting)?.status).toBe('pending');
    expect(h.ofType('job.started', 1)).toEqual([]);
    second.service.resumeQueue();
    await h.until(
      (e) => e.run === 1 && e.type === 'job.completed' && jobOf(e).source.path === waiting,
      'the restored job completes',
    );

    // A rewritten file (new size and mtime) is a new identity: queued once more.
    await copyFile(long, h.dir.join('long-staged.wav'));
    await rename(h.dir.join('long-staged.wav'), done);
    const requeued = await h.until(
      (e) => e.run === 1 && e.type === 'job.queued' && jobOf(e).source.path === done,
      'the rewritten done.wav queued again',
    );
    expect(jobOf(requeued).id).not.toBe(before.find((j) => j.source.path === done)?.id);
    expect(jobOf(requeued).source.size).not.toBe(before.find((j) => j.source.path === done)?.source.size);
    const completed = await h.until(
      (e) => e.type === 'job.completed' && jobOf(e).id === jobOf(requeued).id,
      'the rewritten file completes',
    );
    // The first output is kept; the new one takes the next free name.
    expect(jobOf(completed).result?.outputPath).toBe(h.dir.join('output', 'done-1.wav'));
    expect(allJobs(h).filter((j) => j.source.path === done)).toHaveLength(2);
    expect(allJobs(h).filter((j) => j.source.path === waiting)).toHaveLength(1);
  }, 90_000);
});

describe('hot folder: transient failures are not final', () => {
  it('tries a file again after a restart when ffprobe itself could not run on it', async () => {
    const h = await newHarness('bvp-probe-gone-');
    // ffprobe as the config names it; it disappears mid-run (a package upgrade, an unmounted tools share).
    const wrapper = h.dir.join('tools', 'ffprobe');
    await mkdir(h.dir.join('tools'));
    const realProbe = (await execa('bash', ['-c', 'command -v ffprobe'])).stdout.trim();
    await writeFile(wrapper, `#!/bin/sh\nexec ${JSON.stringify(realProbe)} "$@"\n`);
    await chmod(wrapper, 0o755);
    await h.writeConfig(
      hotConfig([{ path: './watch', stable_seconds: 1, poll_interval: 1, profile: 'audio-qlab' }], {
        ffmpeg: { ffprobe: wrapper },
      }),
    );
    const cue = h.dir.join('watch', 'cue.wav');
    await h.start();
    await rename(wrapper, `${wrapper}.away`);
    await makeClip(h.dir.join('cue-staged.wav'), { seconds: 0.5, audioOnly: true });
    await rename(h.dir.join('cue-staged.wav'), cue);
    const failed = await h.until(
      (e) => e.type === 'file.ignored' && e.data.path === cue,
      'cue.wav reported unprobeable',
    );
    expect(dataOf(failed, 'file.ignored').reason).toBe('probe_failed');
    await h.stop();

    // ffprobe is back: the file is the same identity (untouched), and this time it is taken.
    await rename(`${wrapper}.away`, wrapper);
    await h.start();
    const queued = await h.until(
      (e) => e.run === 1 && e.type === 'job.queued' && jobOf(e).source.path === cue,
      'cue.wav queued after the restart',
    );
    expect(jobOf(queued).profile).toBe('audio-qlab');
  }, 60_000);
});

describe('hot folder: a verdict about the rules is not a verdict about the file', () => {
  it('takes a file no rule matched once a restart brings a rule for it, without reporting it again meanwhile', async () => {
    const h = await newHarness('bvp-new-rule-');
    const watch = (rules: Record<string, unknown>[]) =>
      hotConfig([{ path: './watch', stable_seconds: 1, poll_interval: 1, rules }]);
    await h.writeConfig(watch([{ pattern: '*.mov', profile: 'live-qlab' }]));
    const cue = h.dir.join('watch', 'cue.wav');
    await h.start();
    await makeClip(h.dir.join('cue-staged.wav'), { seconds: 0.5, audioOnly: true });
    await rename(h.dir.join('cue-staged.wav'), cue);
    const unmatched = await h.until(
      (e) => e.type === 'file.ignored' && e.data.path === cue,
      'cue.wav unmatched',
    );
    expect(dataOf(unmatched, 'file.ignored').reason).toBe('no_rule');
    await h.stop();

    // Same rules: still unmatched, and not reported a second time.
    const same = await h.start();
    await same.hotFolders.scanNow();
    await same.hotFolders.scanNow();
    expect(same.hotFolders.status()[0].settling).toBe(0);
    expect(h.ofType('file.ignored', 1)).toEqual([]);
    await h.stop();

    // The operator adds a rule for audio and restarts: the file waiting in the folder is taken.
    await h.writeConfig(
      watch([
        { pattern: '*.mov', profile: 'live-qlab' },
        { pattern: '*.wav', profile: 'audio-qlab' },
      ]),
    );
    await h.start();
    const queued = await h.until(
      (e) => e.run === 2 && e.type === 'job.queued' && jobOf(e).source.path === cue,
      'cue.wav queued under the new rule',
    );
    expect(jobOf(queued).profile).toBe('audio-qlab');
  }, 60_000);
});
