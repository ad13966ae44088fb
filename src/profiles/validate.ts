import * as v from 'valibot';
import { BvpError } from '../errors.ts';
import { parseBitrate } from './args-rate.ts';
import { BUILTIN_PROFILE_INPUTS } from './catalogue.ts';
import {
  AudioSchema,
  KeyframesSchema,
  LoudnessSchema,
  PRORES_PROFILES,
  PRORES_TAGS,
  type Profile,
  ProfileSchema,
  StreamsSchema,
  type VideoCodec,
  VideoSchema,
} from './schema.ts';
import { showProfileIssues, showVideoIssues } from './validate-show.ts';

/** One problem with a profile: `path` is relative to the profile (`video.pixel_format`; `` for the whole). */
export interface ProfileIssue {
  path: string;
  message: string;
}

export type ProfileValidation = { ok: true; profile: Profile } | { ok: false; issues: ProfileIssue[] };

/**
 * Pixel formats each encoder is allowed here. libx264 is held to 8-bit: 10-bit H.264 exists only in some libx264
 * builds (Debian's ffmpeg 5.1 has it, the bundled 2018 fallback does not) and few players decode it; 10-bit goes
 * to libx265. 12-bit HEVC needs a multi-depth x265 build and hardly any player decodes it, so it is left out.
 * prores_ks takes exactly these three (ffmpeg -h encoder=prores_ks).
 */
export const ENCODER_PIXEL_FORMATS: Readonly<Record<VideoCodec, readonly string[]>> = {
  prores_ks: ['yuv422p10le', 'yuv444p10le', 'yuva444p10le'],
  // The hap encoder takes rgba only (ffmpeg -h encoder=hap); the flavour decides what the texture keeps.
  hap: ['rgba'],
  dnxhd: ['yuv422p', 'yuv422p10le', 'yuv444p10le'],
  libx264: ['yuv420p', 'yuv422p', 'yuv444p'],
  libx265: ['yuv420p', 'yuv422p', 'yuv444p', 'yuv420p10le', 'yuv422p10le', 'yuv444p10le'],
};

/** Tags a container may carry for each encoder (ProRes: the one its profile implies, see PRORES_TAGS). */
const VIDEO_TAGS: Readonly<Record<'libx264' | 'libx265', readonly string[]>> = {
  libx264: ['avc1', 'avc3'],
  libx265: ['hvc1', 'hev1'],
};

const AAC_SAMPLE_RATES = [
  7350, 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000,
];

/**
 * Checks a profile as an operator wrote it: the shape (ProfileSchema) and the rules that span fields (codec ×
 * container, codec × pixel format, options that mean nothing for a codec). Every problem is reported at once, so a
 * config file is fixed in one pass; nothing throws.
 */
export function validateProfile(input: unknown): ProfileValidation {
  const parsed = v.safeParse(ProfileSchema, input);
  const issues = parsed.success ? [] : parsed.issues.map(fromValibot);
  for (const issue of crossFieldIssues(input)) {
    if (!issues.some((i) => i.path === issue.path && i.message === issue.message)) issues.push(issue);
  }
  if (parsed.success && issues.length === 0) return { ok: true, profile: parsed.output };
  return { ok: false, issues };
}

const OBJECT_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(ProfileSchema.entries),
  video: Object.keys(VideoSchema.entries),
  audio: Object.keys(AudioSchema.entries),
  streams: Object.keys(StreamsSchema.entries),
  'video.keyframes': Object.keys(KeyframesSchema.entries),
  loudness: Object.keys(LoudnessSchema.entries),
};

function fromValibot(issue: v.BaseIssue<unknown>): ProfileIssue {
  const keys = (issue.path ?? []).map((item) => String(item.key));
  const path = keys.join('.');
  if (issue.message.startsWith('Invalid key') && issue.expected === 'never') {
    const allowed = OBJECT_KEYS[keys.slice(0, -1).join('.')] ?? [];
    return { path, message: `unknown field; allowed here: ${allowed.join(', ')}` };
  }
  if (issue.message.startsWith('Invalid key')) return { path, message: 'is required' };
  if (issue.type === 'picklist') {
    const options = (issue.expected ?? '').replace(/^\(|\)$/g, '').replaceAll(' | ', ', ');
    return { path, message: `must be one of ${options} (got ${issue.received})` };
  }
  if (issue.type === 'regex') return { path, message: `must be ${issue.message} (got ${issue.received})` };
  return { path, message: issue.message };
}

type Loose = Record<string, unknown>;

function record(value: unknown): Loose | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : null;
}

// The rules read the raw input defensively, so they still run (and report) when the shape has problems elsewhere.
function crossFieldIssues(input: unknown): ProfileIssue[] {
  const profile = record(input);
  if (!profile) return [];
  const issues: ProfileIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const video = record(profile.video);
  const audio = record(profile.audio);
  const streams = record(profile.streams) ?? {};
  const container = profile.container;

  if (video && streams.video === 'none') {
    add('streams.video', 'is none but video settings are given: set video to null or remove streams.video');
  }
  if (audio && streams.audio === 'none') {
    add('streams.audio', 'is none but audio settings are given: set audio to null or remove streams.audio');
  }
  if (profile.video === null && profile.audio === null) {
    add('', 'makes no output: give video or audio settings (or both)');
  }
  if (video) videoIssues(video, container, add);
  if (video) showVideoIssues(video, container, add);
  showProfileIssues(profile, add);
  if (audio) audioIssues(audio, container, add);
  if (container === 'wav') {
    if (video) add('video', 'a wav file carries no video: set video to null (and streams.video to none)');
    if (profile.audio === null) add('audio', 'a wav file needs PCM audio settings');
    if (audio && streams.audio !== 'first') {
      add('streams.audio', 'a wav file holds one audio stream: set streams.audio to first');
    }
  }
  return issues;
}

type Add = (path: string, message: string) => void;

function videoIssues(video: Loose, container: unknown, add: Add): void {
  const codec = video.codec;
  const pixfmt = video.pixel_format;
  const prores = codec === 'prores_ks';
  if (prores && container === 'mp4') add('video.codec', 'ProRes cannot go in mp4: use mov or mkv');

  if (typeof pixfmt === 'string' && typeof codec === 'string' && codec in ENCODER_PIXEL_FORMATS) {
    const allowed = ENCODER_PIXEL_FORMATS[codec as VideoCodec];
    if (!allowed.includes(pixfmt)) {
      const why =
        codec === 'libx264' && /p1[02]/.test(pixfmt)
          ? ' (8-bit only here: not every libx264 build can do 10-bit; use libx265 for 10-bit)'
          : '';
      add('video.pixel_format', `${codec} takes ${allowed.join(', ')}${why}, not ${pixfmt}`);
    }
  }

  const proresProfile = video.prores_profile;
  if (prores && proresProfile === undefined) {
    add(
      'video.prores_profile',
      `is required for prores_ks: one of ${Object.keys(PRORES_PROFILES).join(', ')}`,
    );
  }
  if (!prores && proresProfile !== undefined) add('video.prores_profile', 'only applies to prores_ks');
  if (
    prores &&
    typeof pixfmt === 'string' &&
    typeof proresProfile === 'string' &&
    proresProfile in PRORES_TAGS
  ) {
    // ffmpeg labels the file by profile whatever the chroma is: 4444 over 4:2:2 data, "HQ" over 4:4:4 data.
    const wants = proresProfile === '4444' ? ['yuv444p10le', 'yuva444p10le'] : ['yuv422p10le'];
    if (!wants.includes(pixfmt)) {
      add('video.pixel_format', `ProRes ${proresProfile} needs ${wants.join(' or ')}, not ${pixfmt}`);
    }
  }

  if (prores) {
    if (video.keyframes !== undefined) {
      add('video.keyframes', 'ProRes is all-intra (every frame is a keyframe): remove keyframes');
    }
    if (video.crf !== undefined)
      add('video.crf', 'prores_ks has no CRF: its quality comes from prores_profile');
    if (video.max_bitrate !== undefined) {
      add('video.max_bitrate', 'prores_ks has no rate cap: its data rate follows from prores_profile');
    }
  }
  if (video.upscale === true && video.max_width === undefined && video.max_height === undefined) {
    add('video.upscale', 'needs max_width or max_height to scale up to');
  }
  bufsizeIssues(video, add);
  tagIssues(video, container, add);
}

function bufsizeIssues(video: Loose, add: Add): void {
  if (typeof video.bufsize !== 'string') return;
  if (video.max_bitrate === undefined) {
    add('video.bufsize', 'only applies with max_bitrate (it is the buffer of the rate cap)');
    return;
  }
  const max = typeof video.max_bitrate === 'string' ? parseBitrate(video.max_bitrate) : null;
  const buffer = parseBitrate(video.bufsize);
  if (max === null || buffer === null) return;
  if (buffer < max / 2 || buffer > max * 10) {
    add(
      'video.bufsize',
      `should be between half and 10× max_bitrate (${video.max_bitrate}); 2× is usual and the default when omitted`,
    );
  }
}

function tagIssues(video: Loose, container: unknown, add: Add): void {
  const tag = video.tag;
  if (typeof tag !== 'string') return;
  if (container !== 'mov' && container !== 'mp4') {
    add('video.tag', 'only applies to mov and mp4 (matroska has no codec tags; ffmpeg ignores it)');
  }
  if (video.codec === 'prores_ks') {
    const profile = video.prores_profile;
    const own = typeof profile === 'string' && profile in PRORES_TAGS ? PRORES_TAGS[profile as 'hq'] : null;
    if (tag !== own)
      add('video.tag', `prores_ks writes its profile's tag (${own ?? 'apch etc.'}) itself: remove tag`);
  } else if (video.codec === 'libx264' || video.codec === 'libx265') {
    const allowed = VIDEO_TAGS[video.codec];
    if (!allowed.includes(tag)) add('video.tag', `${video.codec} takes ${allowed.join(' or ')}, not ${tag}`);
  }
}

function audioIssues(audio: Loose, container: unknown, add: Add): void {
  const codec = audio.codec;
  const pcm = codec === 'pcm_s24le' || codec === 'pcm_s16le';
  if (pcm && container === 'mp4') add('audio.codec', 'PCM audio cannot go in mp4: use mov or mkv, or aac');
  if (container === 'wav' && codec === 'aac')
    add('audio.codec', 'a wav file carries PCM only: pcm_s24le or pcm_s16le');
  if (pcm && audio.bitrate !== undefined) {
    add(
      'audio.bitrate',
      'PCM has no bitrate to choose (it follows from sample rate, depth and channels): remove it',
    );
  }
  if (
    codec === 'aac' &&
    typeof audio.sample_rate === 'number' &&
    !AAC_SAMPLE_RATES.includes(audio.sample_rate)
  ) {
    add('audio.sample_rate', `aac takes ${AAC_SAMPLE_RATES.join(', ')} Hz, not ${audio.sample_rate}`);
  }
  if (codec === 'aac' && typeof audio.channels === 'number' && audio.channels > 8) {
    add('audio.channels', 'aac carries at most 8 channels (7.1): use PCM in mov or mkv for more');
  }
}

/** The ten built-in profiles, parsed once; a built-in that fails validation is a bug, so it fails the import. */
export const BUILTIN_PROFILES: readonly Profile[] = Object.freeze(
  BUILTIN_PROFILE_INPUTS.map((input) => {
    const result = validateProfile(input);
    if (result.ok) return result.profile;
    const list = result.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new BvpError('profile.invalid', `Built-in profile "${input.name}" is invalid: ${list}`, {
      details: { issues: result.issues },
    });
  }),
);
