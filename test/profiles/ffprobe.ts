import { execa } from 'execa';
import type { MediaInfo, StreamInfo } from '../../src/media/media-info.ts';

/**
 * Raw ffprobe for these tests, on purpose independent of src/media (probe and verification): the argument builder
 * is judged by what ffprobe itself says about the files its arguments made.
 */
export interface RawStream {
  index: number;
  codec_type: string;
  codec_name?: string;
  codec_tag_string?: string;
  profile?: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  sample_rate?: string;
  channels?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
}

export interface RawProbe {
  streams: RawStream[];
  format: {
    format_name: string;
    duration?: string;
    bit_rate?: string;
    size?: string;
    tags?: Record<string, string>;
  };
}

export async function ffprobeJson(file: string): Promise<RawProbe> {
  const { stdout } = await execa('ffprobe', [
    '-v',
    'error',
    '-show_format',
    '-show_streams',
    '-of',
    'json',
    `file:${file}`,
  ]);
  return JSON.parse(stdout) as RawProbe;
}

function rate(text: string | undefined): number | null {
  if (!text) return null;
  const [num, den] = text.split('/').map(Number);
  const value = den ? num / den : num;
  return Number.isFinite(value) && value > 0 ? value : null;
}

const num = (text: string | undefined): number | null => (text === undefined ? null : Number(text));

/** The MediaInfo the builder needs, made the simple way (enough for generated test clips). */
export async function mediaInfoOf(file: string): Promise<MediaInfo> {
  const raw = await ffprobeJson(file);
  const streams: StreamInfo[] = raw.streams.map((s): StreamInfo => {
    if (s.codec_type === 'video') {
      return {
        type: 'video',
        index: s.index,
        codec: s.codec_name ?? 'unknown',
        codecTag: s.codec_tag_string ?? null,
        profile: s.profile ?? null,
        width: s.width ?? 0,
        height: s.height ?? 0,
        pixelFormat: s.pix_fmt ?? null,
        frameRate: rate(s.avg_frame_rate) ?? rate(s.r_frame_rate),
        frameRateRational: s.avg_frame_rate ?? null,
        variableFrameRate: s.avg_frame_rate !== s.r_frame_rate,
        fieldOrder: null,
        durationSeconds: num(s.duration),
        attachedPicture: s.disposition?.attached_pic === 1,
      };
    }
    if (s.codec_type === 'audio') {
      return {
        type: 'audio',
        index: s.index,
        codec: s.codec_name ?? 'unknown',
        sampleRate: num(s.sample_rate),
        channels: s.channels ?? null,
        channelLayout: null,
        durationSeconds: num(s.duration),
      };
    }
    return { type: 'data', index: s.index, codec: s.codec_name ?? null };
  });
  return {
    path: file,
    formatName: raw.format.format_name,
    durationSeconds: num(raw.format.duration),
    bitRate: num(raw.format.bit_rate),
    sizeBytes: num(raw.format.size),
    streams,
  };
}

/** Frame numbers (in presentation order) of the first video stream's keyframe packets, and the frame count. */
export async function keyframeIndices(file: string): Promise<{ keyframes: number[]; frames: number }> {
  const { stdout } = await execa('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=pts_time,flags',
    '-of',
    'csv=p=0',
    `file:${file}`,
  ]);
  const packets = stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [pts, flags] = line.split(',');
      return { pts: Number(pts), key: flags.includes('K') };
    })
    .sort((a, b) => a.pts - b.pts);
  return { keyframes: packets.flatMap((p, i) => (p.key ? [i] : [])), frames: packets.length };
}

/** 0, n, 2n … below `frames`: where forced keyframes must be, and the only places. */
export function multiplesBelow(n: number, frames: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < frames; i += n) out.push(i);
  return out;
}

/** Runs ffmpeg with the builder's argv and returns its stdout (progress); a failure carries stderr's tail. */
export async function encode(args: string[]): Promise<string> {
  const result = await execa('ffmpeg', args, { reject: false });
  if (result.exitCode !== 0) {
    throw new Error(`ffmpeg failed:\n${result.stderr.split('\n').slice(-15).join('\n')}`);
  }
  return result.stdout;
}

/**
 * Frame numbers (presentation order) of decoded I frames. Stricter than keyframe packets: x265 with
 * min-keyint=N but scene cuts on still puts non-IDR I frames at cuts, which packet flags do not show.
 */
export async function intraFrameIndices(file: string): Promise<number[]> {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0'],
    ...['-show_entries', 'frame=pts_time,pict_type', '-of', 'csv=p=0', `file:${file}`],
  ]);
  const frames = stdout
    .split('\n')
    .map((line) => line.split(','))
    // Side data adds lines of their own; only lines starting with a time are frames.
    .filter(([pts]) => pts !== '' && Number.isFinite(Number(pts)))
    .map(([pts, type]) => ({ pts: Number(pts), intra: type === 'I' }))
    .sort((a, b) => a.pts - b.pts);
  return frames.flatMap((f, i) => (f.intra ? [i] : []));
}
