import { isIntraCodec } from './args-codec.ts';
import type { VideoSettings } from './schema.ts';

const SUFFIX: Record<string, number> = { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 };

/**
 * Bits per second from profile notation (192k, 8M, 8000000), or null when it is not one. A lower-case `m` means
 * mega here: operators write "8m" meaning 8 Mb/s, while ffmpeg would read it as milli — which is why the builder
 * passes ffmpeg plain numbers rather than the operator's text.
 */
export function parseBitrate(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text);
  if (!match) return null;
  return Math.round(Number(match[1]) * SUFFIX[match[2]]);
}

/** ffmpeg notation that cannot be misread: `8000k` for 8 Mb/s, a plain number when not a whole kilobit. */
export function formatBitrate(bits: number): string {
  return bits % 1000 === 0 ? `${bits / 1000}k` : `${bits}`;
}

/** The VBV buffer when a profile caps the rate but names no buffer: two seconds at the cap, the usual choice. */
export function defaultBufsize(maxBits: number): number {
  return maxBits * 2;
}

/**
 * Rate control for libx264/libx265: quality by `-crf`, and a cap as `-maxrate` + `-bufsize` (VBV). Never `-b:v`:
 * that is an average target, and the original passed the "max" bitrate there, so the cap was no cap. Both
 * wrappers in ffmpeg 5.1 pass -maxrate/-bufsize to the encoder's VBV (x265 logs "VBV/HRD buffer / max-rate",
 * x264 writes vbv_maxrate/vbv_bufsize into its SEI), so x265 needs no vbv-* params of its own.
 */
export function rateControlArgs(video: VideoSettings): string[] {
  if (isIntraCodec(video.codec)) return [];
  const args: string[] = [];
  if (video.crf !== undefined) args.push('-crf', `${video.crf}`);
  const max = video.max_bitrate === undefined ? null : parseBitrate(video.max_bitrate);
  if (max !== null) {
    const buffer = video.bufsize === undefined ? null : parseBitrate(video.bufsize);
    args.push('-maxrate', formatBitrate(max), '-bufsize', formatBitrate(buffer ?? defaultBufsize(max)));
  }
  return args;
}
