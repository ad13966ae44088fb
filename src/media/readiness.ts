import type { JobOverrides } from '../../machines/types.ts';
import { checkInputFits } from '../profiles/args.ts';
import { constantOutputRate } from '../profiles/args-frame-rate.ts';
import { keyframePolicy } from '../profiles/args-keyframes.ts';
import { profileWantsVideo } from '../profiles/args-streams.ts';
import { outputSize } from '../profiles/args-video.ts';
import type { AudioSettings, Profile, VideoSettings } from '../profiles/schema.ts';
import {
  type AudioStreamInfo,
  audioStreams,
  type MediaInfo,
  type VideoStreamInfo,
  videoStreams,
} from './media-info.ts';
import { frameRateChange } from './readiness-rate.ts';

export interface Readiness {
  /** No problems: the profile can be applied to this file. */
  ready: boolean;
  /** What the profile will change, one human sentence each. */
  changes: string[];
  /** What stops the profile from being applied. */
  problems: string[];
}

const PRORES_NAMES: Record<string, string> = {
  proxy: 'ProRes Proxy',
  lt: 'ProRes LT',
  standard: 'ProRes 422',
  hq: 'ProRes HQ',
  '4444': 'ProRes 4444',
};
const AUDIO_NAMES: Record<string, string> = { pcm_s24le: 'PCM 24-bit', pcm_s16le: 'PCM 16-bit', aac: 'AAC' };
/** ffprobe field_order → the usual names; tb/bt are coded in one order and displayed in the other. */
const FIELD_ORDER: Record<string, string> = { tt: 'tff', bb: 'bff', tb: 'tff', bt: 'bff' };

/**
 * What applying `profile` to `input` will do, in sentences an operator reads before dropping a file in a folder
 * (`bvp analyze --profile`). Pure: works on a probed MediaInfo.
 *
 * @example
 * describeReadiness(info, liveProresLt).changes;
 * // ['video h264 will be re-encoded to ProRes LT', 'audio 44.1 kHz will be resampled to 48 kHz']
 */
export function describeReadiness(
  input: MediaInfo,
  profile: Profile,
  overrides: JobOverrides = {},
): Readiness {
  const videos = videoStreams(input);
  const audios = audioStreams(input);
  const changes: string[] = [];
  const problems: string[] = [];

  if (videos.length === 0 && audios.length === 0) {
    problems.push('the file has no audio or video streams');
    return { ready: false, changes, problems };
  }

  // The argument builder's own rule, so analyze never calls ready what a transcode would refuse.
  const misfit = checkInputFits(input, profile);
  if (misfit) problems.push(misfit);
  const wantsVideo = profileWantsVideo(profile);
  if (!wantsVideo && videos.length > 0) changes.push('video will be dropped (the profile is audio-only)');
  if (wantsVideo && profile.video && videos.length > 0) {
    changes.push(...videoChanges(videos[0], profile.video, overrides));
    const rate = frameRateChange(videos[0], profile);
    if (rate) changes.push(rate);
    if (videos.length > 1) {
      changes.push(`${plural(videos.length - 1, 'extra video stream')} dropped (the first is kept)`);
    }
  }
  if (input.streams.some((s) => s.type === 'video' && s.attachedPicture)) {
    changes.push('cover art (attached picture) is not carried over');
  }

  const audioMode = profile.audio === null ? 'none' : profile.streams.audio;
  if (audioMode === 'none' && audios.length > 0) {
    changes.push('audio will be dropped (the profile has no audio)');
  }
  if (audioMode !== 'none' && audios.length === 0 && wantsVideo) {
    changes.push('the file has no audio: the output will be silent');
  }
  if (audioMode !== 'none' && profile.audio && audios.length > 0) {
    const kept = audioMode === 'first' ? audios.slice(0, 1) : audios;
    changes.push(...audioChanges(kept, profile.audio, overrides));
    if (audios.length > 1) {
      const extra = plural(audios.length - 1, 'extra audio track');
      changes.push(audioMode === 'all' ? `${extra} kept` : `${extra} dropped (the profile keeps the first)`);
    }
  }

  const subtitles = input.streams.filter((s) => s.type === 'subtitle').length;
  if (subtitles > 0) changes.push(`${plural(subtitles, 'subtitle stream')} not carried over`);

  return { ready: problems.length === 0, changes, problems };
}

function videoChanges(source: VideoStreamInfo, video: VideoSettings, overrides: JobOverrides): string[] {
  const changes: string[] = [];
  changes.push(`video ${source.codec} will be re-encoded to ${videoTarget(video)}`);
  if (source.pixelFormat && source.pixelFormat !== video.pixel_format) {
    changes.push(`pixel format ${source.pixelFormat} will be converted to ${video.pixel_format}`);
  }
  const resize = resizeChange(source, video, overrides);
  if (resize) changes.push(resize);
  if (source.variableFrameRate) changes.push(variableRateChange(source, video, overrides));
  const field = source.fieldOrder ? FIELD_ORDER[source.fieldOrder] : undefined;
  if (field) changes.push(`interlaced (${field}) source: encoded as it is, not deinterlaced`);
  return changes;
}

function resizeChange(source: VideoStreamInfo, video: VideoSettings, overrides: JobOverrides): string | null {
  const target = outputSize({ width: source.width, height: source.height }, video, overrides);
  if (target.width === source.width && target.height === source.height) return null;
  const from = `${source.width}×${source.height}`;
  const to = `${target.width}×${target.height}`;
  const box = overrides.resolution ?? { width: video.max_width, height: video.max_height };
  const boxText = `${box.width ?? 'any'}×${box.height ?? 'any'}`;
  if (box.width === undefined && box.height === undefined) {
    const why = video.size_multiple
      ? `sizes must be multiples of ${video.size_multiple}`
      : `${video.pixel_format} needs even dimensions`;
    return `${from} will be ${video.size_fit === 'pad' ? 'padded' : 'scaled'} to ${to} (${why})`;
  }
  const up = target.width > source.width || target.height > source.height;
  return `${from} will be scaled ${up ? 'up ' : ''}to fit ${boxText}${to === boxText ? '' : ` (${to})`}`;
}

// The builder's own decision (constantOutputRate), so the sentence says what the encode will do.
function variableRateChange(source: VideoStreamInfo, video: VideoSettings, overrides: JobOverrides): string {
  const constant = constantOutputRate(source, video.codec, keyframePolicy(video, overrides));
  if (constant) {
    const rate = `constant ${fps(constant.fps)} fps (the average)`;
    return `variable frame rate source: the output will be ${rate}, so forced keyframes stay exact`;
  }
  const average = source.frameRate === null ? '' : ` (about ${fps(source.frameRate)} fps on average)`;
  return `variable frame rate source${average}: the output keeps the variable timing`;
}

function audioChanges(kept: AudioStreamInfo[], audio: AudioSettings, overrides: JobOverrides): string[] {
  const changes: string[] = [];
  const codecs = unique(kept.map((s) => s.codec));
  const target = AUDIO_NAMES[audio.codec] ?? audio.codec;
  const from = codecs.filter((c) => c !== audio.codec);
  if (from.length > 0) changes.push(`audio ${from.join(', ')} will be re-encoded to ${target}`);
  const rate = overrides.audioSampleRate ?? audio.sample_rate;
  if (rate !== undefined) {
    const rates = unique(kept.map((s) => s.sampleRate).filter((r): r is number => r !== null && r !== rate));
    for (const r of rates) changes.push(`audio ${khz(r)} will be resampled to ${khz(rate)}`);
  }
  if (audio.channels !== undefined) {
    const counts = unique(
      kept.map((s) => s.channels).filter((c): c is number => c !== null && c !== audio.channels),
    );
    for (const c of counts) {
      const verb = c > audio.channels ? 'downmixed' : 'upmixed';
      changes.push(`audio ${plural(c, 'channel')} will be ${verb} to ${audio.channels}`);
    }
  }
  return changes;
}

function videoTarget(video: VideoSettings): string {
  if (video.codec === 'prores_ks') return PRORES_NAMES[video.prores_profile ?? 'hq'];
  if (video.codec === 'hap')
    return { hap: 'HAP', hap_alpha: 'HAP Alpha', hap_q: 'HAP Q' }[video.hap_format ?? 'hap'];
  if (video.codec === 'dnxhd') return `DNxHR ${(video.dnxhr_profile ?? 'hq').toUpperCase()}`;
  return video.codec === 'libx264' ? 'H.264' : 'HEVC';
}

function khz(rate: number): string {
  return `${Math.round(rate / 100) / 10} kHz`;
}

function fps(rate: number): string {
  return String(Math.round(rate * 100) / 100);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
