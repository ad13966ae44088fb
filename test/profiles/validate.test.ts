import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILE_INPUTS } from '../../src/profiles/catalogue.ts';
import type { ProfileInput } from '../../src/profiles/schema.ts';
import { BUILTIN_PROFILES, type ProfileIssue, validateProfile } from '../../src/profiles/validate.ts';

const h264: ProfileInput = {
  name: 'h264',
  container: 'mp4',
  video: { codec: 'libx264', pixel_format: 'yuv420p', crf: 20 },
  audio: { codec: 'aac', bitrate: '192k', sample_rate: 48000 },
};

const prores: ProfileInput = {
  name: 'prores',
  container: 'mov',
  video: { codec: 'prores_ks', prores_profile: 'hq', pixel_format: 'yuv422p10le' },
  audio: { codec: 'pcm_s24le', sample_rate: 48000 },
};

function issuesOf(input: unknown): ProfileIssue[] {
  const result = validateProfile(input);
  if (result.ok) throw new Error('expected the profile to be rejected');
  return result.issues;
}

function paths(input: unknown): string[] {
  return issuesOf(input).map((i) => i.path);
}

describe('validateProfile', () => {
  it('accepts every built-in profile', () => {
    expect(BUILTIN_PROFILE_INPUTS).toHaveLength(18);
    for (const input of BUILTIN_PROFILE_INPUTS) {
      const result = validateProfile(input);
      expect(result, input.name).toMatchObject({ ok: true });
    }
    expect(BUILTIN_PROFILES.map((p) => p.name)).toEqual(BUILTIN_PROFILE_INPUTS.map((p) => p.name));
  });

  it('fills schema defaults', () => {
    const result = validateProfile(h264);
    expect(result.ok && result.profile.streams).toEqual({ video: 'first', audio: 'all' });
    expect(result.ok && result.profile.video?.preset).toBe('normal');
  });

  it('names the allowed values of a picklist and the unknown codec', () => {
    const issues = issuesOf({ ...h264, video: { codec: 'h264', pixel_format: 'yuv420p' } });
    expect(issues).toContainEqual({
      path: 'video.codec',
      message: 'must be one of "prores_ks", "libx264", "libx265", "hap", "dnxhd" (got "h264")',
    });
  });

  it('names the allowed fields for an unknown field and says which are required', () => {
    const issues = issuesOf({ name: 'x', container: 'mov', video: null, audio: { codec: 'aac', rate: 1 } });
    expect(issues).toContainEqual({
      path: 'audio.rate',
      message: 'unknown field; allowed here: codec, sample_rate, bitrate, channels, bit_depth, sidecar_wav',
    });
    expect(issuesOf({ name: 'x', video: null, audio: null })).toContainEqual({
      path: 'container',
      message: 'is required',
    });
  });

  it('says what a bitrate looks like', () => {
    expect(issuesOf({ ...h264, audio: { codec: 'aac', bitrate: 'lots' } })).toContainEqual({
      path: 'audio.bitrate',
      message: 'must be a bitrate such as 192k or 8M (got "lots")',
    });
  });

  it('rejects ProRes and PCM in mp4, pointing to mov or mkv', () => {
    const issues = issuesOf({ ...prores, container: 'mp4' });
    expect(issues).toEqual([
      { path: 'video.codec', message: 'ProRes cannot go in mp4: use mov or mkv' },
      { path: 'audio.codec', message: 'PCM audio cannot go in mp4: use mov or mkv, or aac' },
    ]);
  });

  it('rejects a wav with video, with aac, or with all audio tracks', () => {
    expect(paths({ ...h264, container: 'wav' })).toEqual(
      expect.arrayContaining(['video', 'audio.codec', 'streams.audio']),
    );
    expect(paths({ name: 'w', container: 'wav', video: null, audio: null })).toEqual(
      expect.arrayContaining(['audio', '']),
    );
  });

  it('holds libx264 to 8-bit and says why, and checks the other encoders', () => {
    const issues = issuesOf({ ...h264, video: { codec: 'libx264', pixel_format: 'yuv420p10le' } });
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('video.pixel_format');
    expect(issues[0].message).toMatch(/not every libx264 build can do 10-bit; use libx265/);
    expect(paths({ ...prores, video: { ...prores.video, pixel_format: 'yuv420p' } })).toEqual([
      'video.pixel_format',
      'video.pixel_format',
    ]);
    expect(validateProfile({ ...h264, video: { codec: 'libx265', pixel_format: 'yuv422p10le' } }).ok).toBe(
      true,
    );
    expect(paths({ ...h264, video: { codec: 'libx265', pixel_format: 'rgb24' } })).toEqual([
      'video.pixel_format',
    ]);
  });

  it('matches the ProRes profile to its chroma (4444 needs 4:4:4, HQ needs 4:2:2)', () => {
    const four = { ...prores, video: { ...prores.video, prores_profile: '4444' } };
    expect(issuesOf(four)[0].message).toBe('ProRes 4444 needs yuv444p10le or yuva444p10le, not yuv422p10le');
    expect(validateProfile({ ...four, video: { ...four.video, pixel_format: 'yuva444p10le' } }).ok).toBe(
      true,
    );
    const hq444 = { ...prores, video: { ...prores.video, pixel_format: 'yuv444p10le' } };
    expect(issuesOf(hq444)[0].message).toBe('ProRes hq needs yuv422p10le, not yuv444p10le');
  });

  it('requires prores_profile for prores_ks and rejects it elsewhere', () => {
    expect(paths({ ...prores, video: { codec: 'prores_ks', pixel_format: 'yuv422p10le' } })).toEqual([
      'video.prores_profile',
    ]);
    expect(paths({ ...h264, video: { ...h264.video, prores_profile: 'hq' } })).toEqual([
      'video.prores_profile',
    ]);
  });

  it('rejects keyframes, crf and a rate cap on all-intra ProRes, all at once', () => {
    const video = { ...prores.video, keyframes: { mode: 'forced', seconds: 5 }, crf: 18, max_bitrate: '50M' };
    expect(paths({ ...prores, video })).toEqual(['video.keyframes', 'video.crf', 'video.max_bitrate']);
  });

  it('checks that a tag fits the codec and the container', () => {
    expect(paths({ ...h264, video: { ...h264.video, tag: 'hvc1' } })).toEqual(['video.tag']);
    expect(validateProfile({ ...h264, video: { ...h264.video, codec: 'libx265', tag: 'hvc1' } }).ok).toBe(
      true,
    );
    const mkv = { ...h264, container: 'mkv', video: { ...h264.video, codec: 'libx265', tag: 'hvc1' } };
    expect(issuesOf(mkv)[0].message).toMatch(/only applies to mov and mp4/);
    expect(paths({ ...prores, video: { ...prores.video, tag: 'apcn' } })).toEqual(['video.tag']);
    expect(validateProfile({ ...prores, video: { ...prores.video, tag: 'apch' } }).ok).toBe(true);
  });

  it('wants a bufsize only with a cap, and a sensible one', () => {
    expect(paths({ ...h264, video: { ...h264.video, bufsize: '8M' } })).toEqual(['video.bufsize']);
    expect(paths({ ...h264, video: { ...h264.video, max_bitrate: '8M', bufsize: '1M' } })).toEqual([
      'video.bufsize',
    ]);
    expect(paths({ ...h264, video: { ...h264.video, max_bitrate: '8M', bufsize: '100M' } })).toEqual([
      'video.bufsize',
    ]);
    expect(validateProfile({ ...h264, video: { ...h264.video, max_bitrate: '8M' } }).ok).toBe(true);
  });

  it('rejects an audio bitrate on PCM and sample rates aac cannot take', () => {
    expect(paths({ ...prores, audio: { codec: 'pcm_s24le', bitrate: '1536k' } })).toEqual(['audio.bitrate']);
    expect(paths({ ...h264, audio: { codec: 'aac', sample_rate: 50000 } })).toEqual(['audio.sample_rate']);
  });

  it('rejects settings that streams switch off, and a profile with no output', () => {
    expect(paths({ ...h264, streams: { video: 'none' } })).toEqual(['streams.video']);
    expect(paths({ ...h264, streams: { audio: 'none' } })).toEqual(['streams.audio']);
    expect(paths({ name: 'n', container: 'mkv', video: null, audio: null })).toEqual(['']);
  });

  it('reports shape problems and cross-field problems together', () => {
    const issues = issuesOf({
      name: 'Bad Name',
      container: 'mp4',
      video: { codec: 'prores_ks', pixel_format: 'yuv422p10le', prores_profile: 'hq', crf: 99 },
      audio: { codec: 'pcm_s24le', bitrate: '1M' },
    });
    expect(issues.map((i) => i.path)).toEqual([
      'name',
      'video.crf',
      'video.codec',
      'video.crf',
      'audio.codec',
      'audio.bitrate',
    ]);
  });

  it('does not throw on input that is not an object', () => {
    expect(validateProfile(null).ok).toBe(false);
    expect(validateProfile('live-qlab').ok).toBe(false);
    expect(validateProfile({ name: 'x', container: 'mov', video: 'yes', audio: [] }).ok).toBe(false);
  });
});
