import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { execa } from 'execa';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapArgs, parsePathMap } from '../../src/cluster/path-map.ts';
import { probe } from '../../src/media/probe.ts';
import { buildFfmpegArgs } from '../../src/profiles/args.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';

// The coordinator's view of the show folder: a path that does not exist on this "worker".
const COORDINATOR = '/Volumes/Show Drive';

const withSidecar = v.parse(ProfileSchema, {
  name: 'map-sidecar',
  container: 'mov',
  video: { codec: 'prores_ks', prores_profile: 'proxy', pixel_format: 'yuv422p10le' },
  audio: { codec: 'pcm_s24le', sample_rate: 48000, channels: 2, sidecar_wav: true },
});

let dir: TempDir;
beforeAll(async () => {
  dir = await makeTempDir('bvp-path-map-');
  await mkdir(dir.join('watch'));
  await mkdir(dir.join('output'));
});
afterAll(() => dir.cleanup());

describe("a worker's path map over the coordinator's real ffmpeg arguments", () => {
  it('maps the input, the output and the sidecar (written as file: URLs), and the encode runs there', async () => {
    const clip = await makeClip(dir.join('watch', 'cue 1.mov'), { seconds: 1, width: 320, height: 180 });
    const input = await probe(clip, { ffprobe: 'ffprobe' });
    const args = buildFfmpegArgs({
      inputPath: `${COORDINATOR}/watch/cue 1.mov`,
      outputPath: `${COORDINATOR}/output/.cue 1.bvp-tmp-j-1-aaaaaa.mov`,
      sidecarPath: `${COORDINATOR}/output/.cue 1.bvp-tmp-j-1-aaaaaa.mov.wav`,
      input,
      profile: withSidecar,
    });
    const mapped = mapArgs(args, [parsePathMap(`${COORDINATOR}=${dir.path}`)]);

    expect(mapped.filter((a) => a.includes(COORDINATOR))).toEqual([]);
    expect(mapped).toContain(`file:${dir.path}/watch/cue 1.mov`);
    await execa('ffmpeg', mapped);
    expect(existsSync(dir.join('output', '.cue 1.bvp-tmp-j-1-aaaaaa.mov'))).toBe(true);
    expect(existsSync(dir.join('output', '.cue 1.bvp-tmp-j-1-aaaaaa.mov.wav'))).toBe(true);
  });
});
