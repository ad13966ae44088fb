import { copyFile, rename, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { bvp } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { dataOf } from '../helpers/events.ts';
import { jobOf, useHarnesses } from './helpers/harness.ts';
import { hotConfig } from './helpers/media.ts';

let clips: TempDir;
let movie: string;
let tone: string;
const newHarness = useHarnesses();

beforeAll(async () => {
  clips = await makeTempDir('bvp-config-clips-');
  movie = await makeClip(clips.join('movie.mov'), { seconds: 1 });
  tone = await makeClip(clips.join('tone.wav'), { seconds: 0.5, audioOnly: true });
  return () => clips.cleanup();
});

/** Saves the way most editors do: a new file renamed over the old one. */
async function saveLikeAnEditor(file: string, config: Record<string, unknown>): Promise<void> {
  await writeFile(`${file}.swp`, stringify(config));
  await rename(`${file}.swp`, file);
}

describe('config: output patterns that escape the output folder', () => {
  it.each([
    ['../x', 'must stay inside the output folder'],
    ['/etc/x', 'must be relative to the output folder'],
  ])('bvp config validate rejects output_pattern %s, naming where it is', async (pattern, message) => {
    const dir = await makeTempDir('bvp-escape-');
    try {
      const file = dir.join('bvp.yaml');
      await writeFile(
        file,
        stringify(
          hotConfig([
            { path: './watch', rules: [{ pattern: '*.mov', profile: 'live-qlab', output_pattern: pattern }] },
          ]),
        ),
      );
      const result = await bvp(['config', 'validate', file]);
      expect(result.exitCode).toBe(1);
      expect(result.all).toContain('watch[0].rules[0].output_pattern');
      expect(result.all).toContain(message);
      expect(result.all).toContain(pattern);
    } finally {
      await dir.cleanup();
    }
  });
});

describe('hot folder: live reload of the config file', () => {
  it('rejects an invalid edit and keeps the old rules; applies a valid edit, watching a new folder', async () => {
    const h = await newHarness('bvp-reload-');
    const original = hotConfig([
      {
        path: './watch',
        stable_seconds: 1,
        poll_interval: 1,
        rules: [{ pattern: '*.mov', profile: 'live-qlab' }],
      },
    ]);
    await h.writeConfig(original);
    const app = await h.start({ watchConfig: true });

    // An unknown profile and a second folder in the same edit: all or nothing, so neither is taken.
    const invalid = hotConfig([
      {
        path: './watch',
        stable_seconds: 1,
        poll_interval: 1,
        rules: [{ pattern: '*.mov', profile: 'no-such-profile' }],
      },
      { path: './cues', stable_seconds: 1, poll_interval: 1, profile: 'audio-qlab' },
    ]);
    await saveLikeAnEditor(h.configFile, invalid);
    const rejected = await h.until((e) => e.type === 'config.rejected', 'config.rejected');
    expect(dataOf(rejected, 'config.rejected').message).toContain('watch[0].rules[0].profile');
    expect(dataOf(rejected, 'config.rejected').message).toContain('no-such-profile');
    expect(h.ofType('config.updated')).toEqual([]);
    expect(app.config().watch.map((w) => w.path)).toEqual([h.dir.join('watch')]);

    const first = h.dir.join('watch', 'first.mov');
    await copyFile(movie, first);
    const firstDone = await h.until(
      (e) => e.type === 'job.completed' && jobOf(e).source.path === first,
      'first.mov completed under the old rule',
    );
    expect(jobOf(firstDone).profile).toBe('live-qlab');

    // Valid: a new drop folder, and the existing rule now picks another profile.
    const valid = hotConfig([
      {
        path: './watch',
        stable_seconds: 1,
        poll_interval: 1,
        rules: [{ pattern: '*.mov', profile: 'live-prores-lt' }],
      },
      { path: './cues', stable_seconds: 1, poll_interval: 1, profile: 'audio-qlab' },
    ]);
    await saveLikeAnEditor(h.configFile, valid);
    const updated = await h.until((e) => e.type === 'config.updated', 'config.updated');
    expect(dataOf(updated, 'config.updated').watch).toEqual([h.dir.join('watch'), h.dir.join('cues')]);
    expect(app.hotFolders.status().map((s) => [s.path, s.watching])).toEqual([
      [h.dir.join('watch'), true],
      [h.dir.join('cues'), true],
    ]);

    const cue = h.dir.join('cues', 'cue.wav');
    await copyFile(tone, cue);
    const cueDone = await h.until(
      (e) => e.type === 'job.completed' && jobOf(e).source.path === cue,
      'cue.wav completed in the new folder',
    );
    expect(jobOf(cueDone).profile).toBe('audio-qlab');
    const second = h.dir.join('watch', 'second.mov');
    await copyFile(movie, second);
    const secondQueued = await h.until(
      (e) => e.type === 'job.queued' && jobOf(e).source.path === second,
      'second.mov queued under the new rule',
    );
    expect(jobOf(secondQueued).profile).toBe('live-prores-lt');
    expect(h.ofType('config.rejected')).toHaveLength(1);
  }, 60_000);

  it('a live edit that adds a rule picks up a file that matched no rule before', async () => {
    const h = await newHarness('bvp-reload-rule-');
    const rules = (extra: Array<{ pattern: string; profile: string }>) =>
      hotConfig([
        {
          path: './watch',
          stable_seconds: 1,
          poll_interval: 1,
          rules: [{ pattern: '*.mov', profile: 'live-qlab' }, ...extra],
        },
      ]);
    await h.writeConfig(rules([]));
    await h.start({ watchConfig: true });
    const cue = h.dir.join('watch', 'cue.wav');
    await copyFile(tone, cue);
    const ignored = await h.until((e) => e.type === 'file.ignored' && e.data.path === cue, 'cue.wav ignored');
    expect(dataOf(ignored, 'file.ignored').reason).toBe('no_rule');

    await saveLikeAnEditor(h.configFile, rules([{ pattern: '*.wav', profile: 'audio-qlab' }]));
    const done = await h.until(
      (e) => e.type === 'job.completed' && jobOf(e).source.path === cue,
      'cue.wav completed under the added rule',
    );
    expect(jobOf(done).profile).toBe('audio-qlab');
  }, 60_000);
});
