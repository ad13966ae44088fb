import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bvp, REPO_ROOT } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';

let dir: TempDir;

beforeAll(async () => {
  dir = await makeTempDir('bvp-batch-');
  await mkdir(dir.join('in/sub'), { recursive: true });
  await makeClip(dir.join('in/a.mov'), { seconds: 1 });
  await makeClip(dir.join('in/B.MP4'), { seconds: 1 });
  await makeClip(dir.join('in/sub/c.mkv'), { seconds: 1 });
  await writeFile(dir.join('in/._a.mov'), 'AppleDouble resource fork');
  await writeFile(dir.join('in/notes.txt'), 'not media');
});
afterAll(() => dir.cleanup());

describe('bvp batch', () => {
  it('transcodes every media file into --output-dir as <stem>.<ext> (as bvp run names them), sub-folders mirrored, and skips existing outputs on a second run', async () => {
    const args = [
      'batch',
      dir.join('in'),
      '-p',
      'audio-qlab',
      '--output-dir',
      dir.join('out'),
      '-r',
      '-j',
      '2',
    ];
    const first = await bvp(args);
    expect(first.exitCode, first.all).toBe(0);
    expect(first.stdout).toContain('3 file(s): 3 done, 0 failed, 0 skipped');
    expect((await readdir(dir.join('out'))).sort()).toEqual(['B.wav', 'a.wav', 'sub']);
    expect(await readdir(dir.join('out/sub'))).toEqual(['c.wav']);
    const second = await bvp(args);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain('3 file(s): 0 done, 0 failed, 3 skipped');
  });

  it('run twice in place, never takes its own outputs as inputs', async () => {
    await mkdir(dir.join('inplace'), { recursive: true });
    await makeClip(dir.join('inplace/a.mov'), { seconds: 1 });
    for (let i = 0; i < 2; i++) {
      const r = await bvp(['batch', dir.join('inplace'), '-p', 'audio-qlab']);
      expect(r.exitCode, r.all).toBe(0);
    }
    expect((await readdir(dir.join('inplace'))).sort()).toEqual(['a.mov', 'a__processed__audio-qlab.wav']);
  });

  it('exits 1 when a file fails and says which', async () => {
    await mkdir(dir.join('bad'), { recursive: true });
    await writeFile(dir.join('bad/broken.mov'), Buffer.alloc(2048, 1));
    await makeClip(dir.join('bad/fine.mov'), { seconds: 1 });
    const r = await bvp(['batch', dir.join('bad'), '-p', 'audio-qlab']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('failed  broken.mov');
    expect(r.stdout).toContain('1 done, 1 failed');
  });

  it('leaves no folder behind for an output that failed', async () => {
    await mkdir(dir.join('bad2/deep/er'), { recursive: true });
    await makeClip(dir.join('bad2/deep/er/cue.mov'), { seconds: 1 });
    await mkdir(dir.join('out-bad'));
    // An encode that fails part-way (a fake ffmpeg that crashes: real ffmpeg cannot be made to on a sound clip).
    const r = await bvp(
      ['batch', dir.join('bad2'), '-p', 'audio-qlab', '--output-dir', dir.join('out-bad'), '-r'],
      {
        env: { BVP_FFMPEG: path.join(REPO_ROOT, 'test/fixtures/fake-ffmpeg/crash.sh') },
      },
    );
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stdout).toContain('failed  deep/er/cue.mov');
    // The folder the operator made stays; the ones made for the failed output are gone.
    expect(await readdir(dir.join('out-bad'))).toEqual([]);
  });
});
