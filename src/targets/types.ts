/**
 * A playback target: what a show player accepts, as checks on a finished file. Codec names are ffprobe's
 * codec_name (what the decoder sees), not encoder names, because the checks run on any file (`bvp analyze`).
 */
export interface TargetCodecRule {
  /** ffprobe codec_name: prores, hap, h264, hevc, dnxhd, … */
  codec: string;
  /** Only these codec tags (e.g. HAP Q Alpha `HapM` is not among Watchout 6's). */
  tags?: readonly string[];
  /** Frame width and height a multiple of this. */
  sizeMultiple?: number;
  /** Highest codec level, as people write it (H.264 5.2). */
  maxLevel?: number;
  /** Longest keyframe interval, seconds (long-GOP codecs only). */
  maxGopSeconds?: number;
  /** False: the file must have no B-frames. */
  bframes?: false;
  /** A variable frame rate is refused. */
  constantFrameRate?: true;
}

export interface TargetAudioRule {
  /** ffprobe codec_name: pcm_s16le, pcm_s24le, aac, … */
  codecs: readonly string[];
  sampleRates?: readonly number[];
  maxChannels?: number;
}

export interface PlaybackTarget {
  name: string;
  /** The player as people call it. */
  title: string;
  /** Where the rules come from (manual, release notes), for the README and the analyze report. */
  basis: string;
  video: readonly TargetCodecRule[];
  /** Applies to every video codec. */
  sizeMultiple?: number;
  maxWidth?: number;
  maxHeight?: number;
  audio?: TargetAudioRule;
  /** Built-in profiles that make files this target plays, best first. */
  profiles: readonly string[];
  /** One-line advice shown with the analyze report and in the README. */
  note?: string;
}
