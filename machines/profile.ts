import * as v from 'valibot';

/**
 * The shape of a profile. Built-in profiles (src/profiles/catalogue.ts) and custom profiles from a config file share it; keys are
 * snake_case because operators write them in YAML. Cross-field rules (ProRes only in .mov, 10-bit only with an
 * encoder that can do it, …) live in src/profiles/validate.ts so the errors can name both fields.
 */
export const VIDEO_CODECS = ['prores_ks', 'libx264', 'libx265', 'hap', 'dnxhd'] as const;
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

/** The three HAP flavours ffmpeg's `hap` encoder writes, and the codec tag each gets in a .mov. */
export const HAP_FORMATS = { hap: 'Hap1', hap_alpha: 'Hap5', hap_q: 'HapY' } as const;
/** DNxHR profiles of ffmpeg's `dnxhd` encoder (`-profile:v dnxhr_<name>`) and what ffprobe calls them. */
export const DNXHR_PROFILES = {
  lb: 'DNXHR LB',
  sq: 'DNXHR SQ',
  hq: 'DNXHR HQ',
  hqx: 'DNXHR HQX',
  '444': 'DNXHR 444',
} as const;

export type HapFormat = keyof typeof HAP_FORMATS;
export type DnxhrProfile = keyof typeof DNXHR_PROFILES;
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
  /** hap only: which HAP flavour (Hap1, Hap5 with alpha, HapY). */
  hap_format: v.optional(v.picklist(Object.keys(HAP_FORMATS) as HapFormat[])),
  /** hap only: texture chunks (decode threads in the player); default from the frame size (src/profiles/args-codec.ts). */
  chunks: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(64))),
  /** dnxhd only: the DNxHR profile. */
  dnxhr_profile: v.optional(v.picklist(Object.keys(DNXHR_PROFILES) as DnxhrProfile[])),
  /** Both output dimensions a multiple of this (HAP needs 4: its textures are 4×4 blocks). */
  size_multiple: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(64))),
  /** How a size that is not a multiple is made one: scale down (aspect kept) or pad (transparent/black border). */
  size_fit: v.optional(v.picklist(['scale', 'pad']), 'scale'),
  /**
   * Keep the source's alpha channel (ProRes 4444, HAP Alpha). `straight` passes colour as it is; `premultiplied`
   * multiplies colour by alpha first, for players that composite premultiplied (a straight file there fringes).
   */
  alpha: v.optional(v.picklist(['straight', 'premultiplied'])),
  /** 0: no B-frames (libx264/libx265): frames decode in order, so scrubbing, reverse and loops do not stutter. */
  bframes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(16))),
  /** Highest codec level the output may have (H.264 5.2 for Watchout 7); checked by verification. */
  max_level: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(8.5))),
});

export const AudioSchema = v.strictObject({
  codec: v.picklist(AUDIO_CODECS),
  sample_rate: v.optional(positiveInt),
  bitrate: v.optional(bitrate),
  channels: v.optional(positiveInt),
  /** PCM sample size: must agree with a PCM codec (pcm_s16le is 16); also the sidecar WAV's (default 24). */
  bit_depth: v.optional(v.picklist([16, 24])),
  /** Also write the audio as a separate WAV beside the output (`show.mov` + `show.wav`), finalized with it. */
  sidecar_wav: v.optional(v.boolean()),
});

/**
 * EBU R128 loudness. `normalize: true` runs two-pass `loudnorm` (measure, then apply the measured values, linear when
 * the source allows it); `false` only measures. Either way the output is measured and the figures are kept. Every
 * job whose output has audio is measured even without a target; `measure: false` turns that off (no target then).
 */
export const LoudnessSchema = v.strictObject({
  /** Integrated loudness, LUFS: −23 (EBU R128 broadcast), −24 (ATSC A/85), −16/−14 (online). */
  target_lufs: v.optional(v.pipe(v.number(), v.minValue(-70), v.maxValue(-5))),
  /** Highest true peak, dBTP. */
  true_peak_db: v.optional(v.pipe(v.number(), v.minValue(-9), v.maxValue(0)), -1),
  /** Loudness range the dynamic fallback aims for, LU. */
  lra: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(50)), 11),
  normalize: v.optional(v.boolean(), true),
  /** Measure the output's loudness (an audio-only `ebur128` pass); absent means true. */
  measure: v.optional(v.boolean()),
});

/** Frame rates written as decimals that are really NTSC rationals; anything else must be a whole or rational rate. */
export const NTSC_RATES: Readonly<Record<string, string>> = {
  '23.976': '24000/1001',
  '29.97': '30000/1001',
  '47.952': '48000/1001',
  '59.94': '60000/1001',
  '119.88': '120000/1001',
};

/** `source` (keep), or a constant rate to conform to by repeating/dropping frames: 25, 29.97, "30000/1001". */
export const FrameRateSchema = v.union([
  v.literal('source'),
  v.pipe(v.number(), v.minValue(1), v.maxValue(240)),
  v.pipe(v.string(), v.regex(/^(\d+(\.\d+)?|\d+\/\d+)$/, 'a rate such as 25, 29.97 or 30000/1001')),
]);

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
  /** Playback targets (src/targets) whose checks the output must also pass. */
  targets: v.optional(v.array(v.string())),
  frame_rate: v.optional(FrameRateSchema),
  loudness: v.optional(LoudnessSchema),
  /** Seconds of clip a still image (PNG, JPEG, TIFF) becomes; default 10. */
  still_duration: v.optional(v.pipe(v.number(), v.minValue(0.04), v.maxValue(86_400))),
  /** Frames per second an image-sequence folder is read at; default the profile's `frame_rate`, else 25. */
  sequence_rate: v.optional(
    v.union([
      v.pipe(v.number(), v.minValue(1), v.maxValue(240)),
      v.pipe(v.string(), v.regex(/^(\d+(\.\d+)?|\d+\/\d+)$/, 'a rate such as 25, 29.97 or 30000/1001')),
    ]),
  ),
});

export type ProfileInput = v.InferInput<typeof ProfileSchema>;
export type Profile = v.InferOutput<typeof ProfileSchema>;
export type VideoSettings = NonNullable<Profile['video']>;
export type AudioSettings = NonNullable<Profile['audio']>;
export type LoudnessSettings = v.InferOutput<typeof LoudnessSchema>;
export type KeyframePolicy = v.InferOutput<typeof KeyframesSchema>;
