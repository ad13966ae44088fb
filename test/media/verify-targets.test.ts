import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BvpError } from '../../src/errors.ts';
import { transcodeFile } from '../../src/media/transcode-file.ts';
import type { Profile } from '../../src/profiles/schema.ts';
import { BUILTIN_PROFILES } from '../../src/profiles/validate.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { specOf } from '../helpers/job-spec.ts';
import { lacksEncoder } from '../profiles/encoder-gate.ts';

/**
 * A profile that names a playback target gets the target's checks in its verification: an output that would not
 * play there fails the job, the source is left alone and nothing appears under the final name.
 */
const hap = BUILTIN_PROFILES.find((p) => p.name === 'hap')!;
let dir: TempDir;
let clip: Buffer;
beforeAll(async () => {
  dir = await makeTempDir('bvp-verify-targets-');
  clip = readFileSync(
    await makeClip(dir.join('clip.mov'), { seconds: 1, width: 160, height: 90, audioRate: 48000 }),
  );
});
afterAll(() => dir?.cleanup());

async function job(profile: Profile, name: string) {
  const source = dir.join(name, 'watch', 'clip.mov');
  await mkdir(path.dirname(source), { recursive: true });
  await writeFile(source, clip);
  const outDir = dir.join(name, 'out');
  const spec = await specOf(source, {
    id: name,
    outputPath: path.join(outDir, 'clip.mov'),
    profile,
    sourceAction: { kind: 'delete' },
  });
  return { source, outDir, spec };
}

describe.skipIf(lacksEncoder('hap'))('target checks in job verification', () => {
  it('fails a HAP job with 24-bit 48 kHz audio for disguise, keeping the source', async () => {
    const { source, outDir, spec } = await job({ ...hap, name: 'hap-d3', targets: ['disguise'] }, 'd3-bad');
    const error = await transcodeFile({ spec, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BvpError);
    expect((error as BvpError).code).toBe('verify.failed');
    const names = ((error as BvpError).details as { checks: { name: string }[] }).checks.map((c) => c.name);
    expect(names).toEqual(['target.disguise.audio.1.codec', 'target.disguise.audio.1.sample_rate']);
    expect((await readFile(source)).equals(clip)).toBe(true);
    expect(existsSync(outDir) ? await readdir(outDir) : []).toEqual([]);
  });

  it('passes the same job once the audio is what disguise plays', async () => {
    const fixed: Profile = {
      ...hap,
      name: 'hap-d3-ok',
      targets: ['disguise'],
      audio: { codec: 'pcm_s16le', sample_rate: 44100 },
    };
    const { source, spec } = await job(fixed, 'd3-good');
    const result = await transcodeFile({ spec, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
    expect(existsSync(result.outputPath)).toBe(true);
    expect(existsSync(source)).toBe(false);
  });
});
