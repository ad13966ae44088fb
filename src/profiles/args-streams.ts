import type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from '../media/media-info.ts';
import { audioStreams, videoStreams } from '../media/media-info.ts';
import type { Profile } from './schema.ts';

/** Whether the profile puts video in its output (it has video settings and does not opt out). */
export function profileWantsVideo(profile: Profile): boolean {
  return profile.video !== null && profile.streams.video !== 'none';
}

/** Whether the profile puts audio in its output. */
export function profileWantsAudio(profile: Profile): boolean {
  return profile.audio !== null && profile.streams.audio !== 'none';
}

/**
 * Why `input` cannot go through `profile`, or null when it can. A video profile needs a video stream (cover art
 * does not count); an audio-only profile needs an audio stream. A video profile on a source without audio is fine
 * (the output simply has no audio), and an audio-only profile on a video file takes just its audio.
 */
export function checkInputFits(input: MediaInfo, profile: Profile): string | null {
  const wantsVideo = profileWantsVideo(profile);
  const wantsAudio = profileWantsAudio(profile);
  if (wantsVideo && videoStreams(input).length === 0) {
    return `profile "${profile.name}" makes video but the input has no video stream`;
  }
  if (!wantsVideo && wantsAudio && audioStreams(input).length === 0) {
    return `profile "${profile.name}" makes audio only but the input has no audio stream`;
  }
  if (!wantsVideo && !wantsAudio) return `profile "${profile.name}" selects no streams`;
  return null;
}

export interface SelectedStreams {
  video: VideoStreamInfo | null;
  audio: AudioStreamInfo[];
}

/** The input streams the output is made from: the first real video stream, and all, the first or no audio. */
export function selectStreams(input: MediaInfo, profile: Profile): SelectedStreams {
  const video = profileWantsVideo(profile) ? (videoStreams(input)[0] ?? null) : null;
  const audio = profileWantsAudio(profile) ? audioStreams(input) : [];
  return { video, audio: profile.streams.audio === 'first' ? audio.slice(0, 1) : audio };
}

/**
 * `-map` by absolute stream index, so nothing depends on ffmpeg's default pick (one video, one audio: the
 * original silently dropped extra audio tracks). Subtitles and data streams are not mapped: show players ignore
 * them, and their codecs rarely fit the target container. Timecode survives anyway: it rides on the video stream's
 * metadata, from which the mov/mp4 muxers write a fresh tmcd track (checked with ffprobe on ffmpeg 5.1);
 * `-map_metadata 0` keeps the file's global tags (creation time, reel names).
 */
export function mapArgs(streams: SelectedStreams): string[] {
  const args: string[] = [];
  if (streams.video) args.push('-map', `0:${streams.video.index}`);
  for (const audio of streams.audio) args.push('-map', `0:${audio.index}`);
  args.push('-map_metadata', '0');
  return args;
}
