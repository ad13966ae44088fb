import { execa } from 'execa';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '../../machines/types.ts';
import {
  loudnormMode,
  measureEbur128,
  measureLoudnorm,
  parseEbur128Summary,
  parseLoudnormJson,
} from '../../src/media/loudness.ts';
import { transcodeFile } from '../../src/media/transcode-file.ts';
import { loudnessCheck } from '../../src/media/verify-loudness.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';
import { specOf } from '../helpers/job-spec.ts';

const TARGET = { target_lufs: -23, true_peak_db: -1, lra: 11, normalize: true };

// A ProRes Proxy + PCM profile that asks for EBU R128 loudness; small frames keep the encode quick.
const profile = v.parse(ProfileSchema, {
  name: 'loud-test',
  container: 'mov',
  video: { codec: 'prores_ks', prores_profile: 'proxy', pixel_format: 'yuv422p10le' },
  audio: { codec: 'pcm_s24le', sample_rate: 48000 },
  loudness: { target_lufs: -23 },
});

let dir: TempDir;
let quiet: string;
beforeAll(async () => {
  dir = await makeTempDir('bvp-loudness-');
  quiet = dir.join('quiet.mov');
  // A tone swelling and fading (so it has a loudness range, as speech and music do) at about −30 LUFS.
  const swell = (f: number) => `0.045*sin(2*PI*${f}*t)*(0.55+0.45*sin(2*PI*0.4*t))`;
  await execa('ffmpeg', [
    ...['-hide_banner', '-v', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=8'],
    ...['-f', 'lavfi', '-i', `aevalsrc=${swell(440)}|${swell(550)}:s=48000:d=8`],
    ...['-map', '0:0', '-map', '1:0', '-c:v', 'mpeg4', '-c:a', 'pcm_s16le', quiet],
  ]);
}, 60_000);
afterAll(() => dir.cleanup());

describe('loudness measurement', () => {
  it('measures the generated clip at about −30 LUFS, and predicts a linear second pass for it', async () => {
    const measured = await measureLoudnorm(quiet, TARGET, { ffmpeg: 'ffmpeg', streamIndex: 1 });
    expect(measured).not.toBeNull();
    expect(measured!.inputI).toBeGreaterThan(-32);
    expect(measured!.inputI).toBeLessThan(-28);
    expect(loudnormMode(TARGET, measured!)).toBe('linear');
    const ebu = await measureEbur128(quiet, { ffmpeg: 'ffmpeg', streamIndex: 1 });
    expect(Math.abs(ebu.integratedLufs! - measured!.inputI)).toBeLessThan(0.3);
  }, 60_000);

  it('predicts dynamic when the gain would pass the true-peak ceiling, or the tone has no range', () => {
    const base = { inputI: -30, inputTp: -5, inputLra: 3, inputThresh: -40, targetOffset: 0 };
    expect(loudnormMode(TARGET, base)).toBe('dynamic');
    expect(loudnormMode(TARGET, { ...base, inputTp: -20, inputLra: 0 })).toBe('dynamic');
    expect(loudnormMode(TARGET, { ...base, inputTp: -20 })).toBe('linear');
  });

  it('reads silence as no figures rather than -inf', () => {
    const json =
      '{\n"input_i" : "-inf",\n"input_tp" : "-inf",\n"input_lra" : "0.00",\n"input_thresh" : "-70.00",\n"target_offset" : "inf"\n}';
    expect(parseLoudnormJson(`[Parsed_loudnorm_0 @ 0x1] \n${json}`)).toBeNull();
    expect(
      parseEbur128Summary('Summary:\n  I:         -inf LUFS\n  LRA:   0.0 LU\n  Peak:   -inf dBFS\n'),
    ).toEqual({
      integratedLufs: null,
      truePeakDb: null,
      lraLu: 0,
    });
  });

  it('fails the check more than 1 LU off the target, passes within it', () => {
    expect(loudnessCheck(-23.8, -23, null).ok).toBe(true);
    const off = loudnessCheck(-25.2, -23, null);
    expect(off.ok).toBe(false);
    expect(off.message).toBe('the output is 2.2 LU quieter than the target');
    expect(loudnessCheck(null, -23, 1)).toMatchObject({
      name: 'audio.loudness.1',
      ok: false,
      actual: 'silent',
    });
  });
});

describe('two-pass normalisation in a job', () => {
  async function spec(name: string, overrides: JobSpec['overrides'] = {}): Promise<JobSpec> {
    return specOf(quiet, { id: name, outputPath: dir.join(name, 'quiet.mov'), profile, overrides });
  }

  it('a −30 LUFS clip normalised to −23 LUFS measures −23 ± 1 LU, and the result carries the figures', async () => {
    const result = await transcodeFile({
      spec: await spec('norm'),
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      settleMs: 0,
    });
    const filter = result.ffmpegArgs[result.ffmpegArgs.indexOf('-filter:a:0') + 1];
    expect(filter).toMatch(/^loudnorm=I=-23:TP=-1:LRA=11:measured_I=-\d/);
    expect(filter).toContain('linear=true');
    expect(result.loudness).toMatchObject({ targetLufs: -23, truePeakDb: -1, mode: 'linear' });
    // loudnorm's own summary of the second pass agrees with the predicted mode.
    expect(result.stderrTail?.join('\n')).toMatch(/Normalization Type:\s+Linear/);
    const [stream] = result.loudness!.streams;
    expect(stream.source!.integratedLufs).toBeLessThan(-28);
    expect(Math.abs(stream.output!.integratedLufs! + 23)).toBeLessThanOrEqual(1);
    // Measured independently of the job, on the file as it is now.
    const ebu = await measureEbur128(result.outputPath, { ffmpeg: 'ffmpeg', streamIndex: 1 });
    expect(Math.abs(ebu.integratedLufs! + 23)).toBeLessThanOrEqual(1);
    const { stdout } = await execa('ffprobe', [
      '-v',
      'error',
      '-select_streams',
      'a',
      '-show_entries',
      'stream=sample_rate',
      '-of',
      'csv=p=0',
      result.outputPath,
    ]);
    expect(stdout.trim()).toBe('48000');
  }, 120_000);

  it('an override target normalises with a profile that has no loudness settings', async () => {
    const base = await spec('override', { loudnessLufs: -16 });
    const result = await transcodeFile({
      spec: { ...base, profile: { ...profile, loudness: undefined } },
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      settleMs: 0,
    });
    expect(result.loudness?.targetLufs).toBe(-16);
    expect(Math.abs(result.loudness!.streams[0].output!.integratedLufs! + 16)).toBeLessThanOrEqual(1);
  }, 120_000);
});
