import * as v from 'valibot';

/**
 * The shape of a profile. Built-in profiles (catalogue.ts) and custom profiles from a config file share it; keys are
 * snake_case because operators write them in YAML. Cross-field rules (ProRes only in .mov, 10-bit only with an
 * encoder that can do it, …) live in validate.ts so the errors can name both fields.
 */
export const VIDEO_CODECS = ['prores_ks', 'libx264', 'libx265'] as const;
export const AUDIO_CODECS = ['pcm_s24le', 'pcm_s16le', 'aac'] as const;
export const CONTAINERS = ['mov', 'mp4', 'mkv', 'wav'] as const;
export const SPEED_PRESETS = ['fast', 'normal', 'slow'] as const;

/** ProRes profile names → `-profile:v` numbers of prores_ks. HQ is 3; the original sent 4 (4444) for "HQ". */
export const PRORES_PROFILES = { proxy: 0, lt: 1, standard: 2, hq: 3, '4444': 4 } as const;
/** What ffprobe reports as codec_tag_string for each ProRes profile. */
export const PRORES_TAGS = {
  proxy: 'apco',
  lt: 'apcs',
  standard: 'apcn',
  hq: 'apch',
  '4444': 'ap4h',
} as const;

export type VideoCodec = (typeof VIDEO_CODECS)[number];
export type AudioCodec = (typeof AUDIO_CODECS)[number];
export type Container = (typeof CONTAINERS)[number];
export type SpeedPreset = (typeof SPEED_PRESETS)[number];
export type ProresProfile = keyof typeof PRORES_PROFILES;

const positive = v.pipe(v.number(), v.finite(), v.minValue(0.001));
const positiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));
/** ffmpeg bitrate notation: 192k, 8M, 8000000. */
const bitrate = v.pipe(v.string(), v.regex(/^\d+(\.\d+)?[kKmM]?$/, 'a bitrate such as 192k or 8M'));

export const KeyframesSchema = v.strictObject({
  /** `forced`: a keyframe exactly every `seconds`, none in between (no scene cuts). `max`: GOP at most `seconds`. */
  mode: v.picklist(['forced', 'max']),
  seconds: positive,
});

export const VideoSchema = v.strictObject({
  codec: v.picklist(VIDEO_CODECS),
  pixel_format: v.string(),
  prores_profile: v.optional(v.picklist(Object.keys(PRORES_PROFILES) as ProresProfile[])),
  crf: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(51))),
  /** A cap, not an average: becomes -maxrate (with -bufsize). */
  max_bitrate: v.optional(bitrate),
  bufsize: v.optional(bitrate),
  keyframes: v.optional(KeyframesSchema),
  max_width: v.optional(positiveInt),
  max_height: v.optional(positiveInt),
  /** Scale up smaller sources to the max box; off by default (never upscale unless asked). */
  upscale: v.optional(v.boolean(), false),
  preset: v.optional(v.picklist(SPEED_PRESETS), 'normal'),
  /** Codec tag written into the container, e.g. hvc1 so Apple players accept HEVC in mp4. */
  tag: v.optional(v.string()),
});

export const AudioSchema = v.strictObject({
  codec: v.picklist(AUDIO_CODECS),
  sample_rate: v.optional(positiveInt),
  bitrate: v.optional(bitrate),
  channels: v.optional(positiveInt),
});

export const StreamsSchema = v.strictObject({
  video: v.optional(v.picklist(['first', 'none']), 'first'),
  audio: v.optional(v.picklist(['all', 'first', 'none']), 'all'),
});

export const ProfileSchema = v.strictObject({
  name: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _')),
  description: v.optional(v.string(), ''),
  container: v.picklist(CONTAINERS),
  /** null: no video in the output (audio-only profiles). */
  video: v.nullable(VideoSchema),
  /** null: no audio in the output. */
  audio: v.nullable(AudioSchema),
  streams: v.optional(StreamsSchema, { video: 'first', audio: 'all' }),
});

export type ProfileInput = v.InferInput<typeof ProfileSchema>;
export type Profile = v.InferOutput<typeof ProfileSchema>;
export type VideoSettings = NonNullable<Profile['video']>;
export type AudioSettings = NonNullable<Profile['audio']>;
export type KeyframePolicy = v.InferOutput<typeof KeyframesSchema>;
