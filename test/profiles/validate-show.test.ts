import { describe, expect, it } from 'vitest';
import { conformRate } from '../../src/profiles/args-frame-rate.ts';
import { validateProfile } from '../../src/profiles/validate.ts';

const hap = {
  name: 'my-hap',
  container: 'mov',
  video: { codec: 'hap', hap_format: 'hap', pixel_format: 'rgba', size_multiple: 4 },
  audio: { codec: 'pcm_s16le', sample_rate: 44100 },
};

function issuesOf(input: unknown) {
  const result = validateProfile(input);
  return result.ok ? [] : result.issues;
}

describe('show-media profile rules', () => {
  it('accepts a HAP profile for a target', () => {
    expect(validateProfile({ ...hap, targets: ['disguise'] })).toMatchObject({ ok: true });
  });

  it('rejects an unknown target name with a "did you mean"', () => {
    expect(issuesOf({ ...hap, targets: ['disguise', 'disgiuse'] })).toEqual([
      {
        path: 'targets.1',
        message:
          'unknown playback target "disgiuse" (did you mean "disguise"?); known: qlab, disguise, watchout6, watchout7, resolume, casparcg',
      },
    ]);
    expect(issuesOf({ ...hap, targets: ['vlc'] })[0].message).toMatch(
      /^unknown playback target "vlc"; known:/,
    );
  });

  it('requires HAP sizes in multiples of 4, a flavour, and a mov', () => {
    const issues = issuesOf({ ...hap, container: 'mkv', video: { codec: 'hap', pixel_format: 'rgba' } });
    expect(issues.map((i) => i.path).sort()).toEqual([
      'container',
      'video.hap_format',
      'video.size_multiple',
    ]);
  });

  it('keeps alpha to ProRes 4444 and HAP Alpha', () => {
    const prores = {
      codec: 'prores_ks',
      prores_profile: 'hq',
      pixel_format: 'yuv422p10le',
      alpha: 'straight',
    };
    expect(issuesOf({ ...hap, video: prores }).map((i) => i.path)).toEqual(['video.alpha']);
    expect(issuesOf({ ...hap, video: { ...hap.video, alpha: 'premultiplied' } }).map((i) => i.path)).toEqual([
      'video.alpha',
    ]);
  });

  it('ties the DNxHR profile to its pixel format and refuses x264-only options', () => {
    const dnx = { codec: 'dnxhd', dnxhr_profile: 'hqx', pixel_format: 'yuv422p', bframes: 0 };
    expect(issuesOf({ ...hap, video: dnx })).toEqual([
      { path: 'video.pixel_format', message: 'DNxHR HQX needs yuv422p10le, not yuv422p' },
      { path: 'video.bframes', message: 'only applies to libx264 and libx265' },
    ]);
  });

  it('checks frame_rate values', () => {
    expect(validateProfile({ ...hap, frame_rate: 29.97 })).toMatchObject({ ok: true });
    expect(validateProfile({ ...hap, frame_rate: '30000/1001' })).toMatchObject({ ok: true });
    expect(issuesOf({ ...hap, frame_rate: 'fast' }).map((i) => i.path)).toEqual(['frame_rate']);
  });
});

describe('conformRate', () => {
  it('reads NTSC decimals as their exact rationals', () => {
    expect(conformRate(29.97)).toEqual({ rational: '30000/1001', fps: 30000 / 1001 });
    expect(conformRate('59.94')?.rational).toBe('60000/1001');
    expect(conformRate(25)).toEqual({ rational: '25', fps: 25 });
    expect(conformRate('12.5')).toEqual({ rational: '25/2', fps: 12.5 });
    expect(conformRate('source')).toBeNull();
    expect(conformRate(undefined)).toBeNull();
  });
});

describe('audio, loudness and still rules', () => {
  const qlab = {
    name: 'q',
    container: 'mov',
    video: { codec: 'prores_ks', prores_profile: 'proxy', pixel_format: 'yuv422p10le' },
    audio: { codec: 'pcm_s16le', sample_rate: 44100 },
  };

  it('accepts bit depth, sidecar, loudness and still duration that fit together', () => {
    const ok = validateProfile({
      ...qlab,
      audio: { ...qlab.audio, bit_depth: 16, sidecar_wav: true },
      loudness: { target_lufs: -23 },
      still_duration: 5,
    });
    expect(ok).toMatchObject({
      ok: true,
      profile: { loudness: { target_lufs: -23, true_peak_db: -1, lra: 11, normalize: true } },
    });
  });

  it('names the field and the fix for each misfit', () => {
    expect(issuesOf({ ...qlab, audio: { ...qlab.audio, bit_depth: 24 } })).toContainEqual({
      path: 'audio.bit_depth',
      message: 'pcm_s16le is 16-bit, not 24: use pcm_s24le',
    });
    expect(
      issuesOf({ ...qlab, container: 'mp4', video: null, audio: { codec: 'aac', bit_depth: 24 } }),
    ).toContainEqual({
      path: 'audio.bit_depth',
      message: 'aac has no bit depth; it applies to PCM and to the sidecar WAV (sidecar_wav: true)',
    });
    const wav = { name: 'w', container: 'wav', video: null, streams: { video: 'none', audio: 'first' } };
    expect(issuesOf({ ...wav, audio: { codec: 'pcm_s24le', sidecar_wav: true } })).toContainEqual({
      path: 'audio.sidecar_wav',
      message: 'the output is already a WAV: remove sidecar_wav',
    });
    expect(issuesOf({ ...qlab, audio: null, loudness: { target_lufs: -23 } })).toContainEqual({
      path: 'loudness',
      message: 'needs audio settings (a profile without audio has nothing to measure)',
    });
    expect(issuesOf({ ...qlab, loudness: { target_lufs: -2 } }).map((i) => i.path)).toContain(
      'loudness.target_lufs',
    );
    const misnamed = issuesOf({ ...qlab, loudness: { target: -23 } });
    expect(misnamed).toContainEqual({
      path: 'loudness.target',
      message: 'unknown field; allowed here: target_lufs, true_peak_db, lra, normalize, measure',
    });
  });

  it('measures without a target, or not at all; a target needs the measurement, settings need the target', () => {
    expect(validateProfile({ ...qlab, loudness: {} })).toMatchObject({ ok: true });
    expect(validateProfile({ ...qlab, loudness: { measure: false } })).toMatchObject({
      ok: true,
      profile: { loudness: { measure: false } },
    });
    expect(issuesOf({ ...qlab, loudness: { target_lufs: -23, measure: false } })).toContainEqual({
      path: 'loudness.measure',
      message:
        'false cannot go with target_lufs: the target is checked against (or shown beside) the measurement; drop one',
    });
    expect(issuesOf({ ...qlab, loudness: { normalize: true } })).toContainEqual({
      path: 'loudness.normalize',
      message: 'needs target_lufs (what to aim for)',
    });
  });
});

describe('sequence_rate', () => {
  const slides = {
    name: 's',
    container: 'mov',
    video: { codec: 'prores_ks', prores_profile: 'proxy', pixel_format: 'yuv422p10le' },
    audio: null,
  };

  it('takes a number of frames per second or a rational', () => {
    expect(validateProfile({ ...slides, sequence_rate: 24 })).toMatchObject({ ok: true });
    expect(validateProfile({ ...slides, sequence_rate: '30000/1001' })).toMatchObject({ ok: true });
  });

  it('names the field for a rate that is not one, and for a profile without video', () => {
    for (const bad of ['fast', 0, 500]) {
      expect(issuesOf({ ...slides, sequence_rate: bad }).map((i) => i.path)).toContain('sequence_rate');
    }
    expect(
      issuesOf({ ...slides, video: null, audio: { codec: 'pcm_s16le' }, sequence_rate: 25 }),
    ).toContainEqual({
      path: 'sequence_rate',
      message: 'needs video settings (an image sequence becomes a video clip)',
    });
  });
});
