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
