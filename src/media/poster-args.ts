/** Widest poster we make; the dashboard shows them as thumbnails. */
export const POSTER_MAX_WIDTH = 320;
/** Waveform image size for audio-only sources. */
export const WAVEFORM_SIZE = { width: 320, height: 90 };

const COMMON = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-threads', '1'];

/**
 * One frame at `atSeconds` (seeking before the input: a keyframe seek, so only a few frames are decoded), scaled to
 * at most POSTER_MAX_WIDTH wide. `streamIndex` is the absolute index of the video stream (not cover art). Width uses the display aspect (width × sample aspect ratio), so an anamorphic
 * source is not squashed; height follows it, rounded to even; the result has square pixels.
 */
export function posterFrameArgs(
  input: string,
  output: string,
  atSeconds: number,
  streamIndex: number,
): string[] {
  const w = `min(${POSTER_MAX_WIDTH}\\,2*trunc(iw*sar/2))`;
  const h = `max(2\\,2*trunc(ow*ih/(iw*sar)/2))`;
  return [
    ...COMMON,
    '-ss',
    atSeconds.toFixed(3),
    '-i',
    `file:${input}`,
    '-map',
    `0:${streamIndex}`,
    '-frames:v',
    '1',
    '-vf',
    `scale=w='${w}':h='${h}',setsar=1`,
    '-c:v',
    'mjpeg',
    '-q:v',
    '5',
    '-f',
    'image2',
    `file:${output}`,
  ];
}

/** The first audio stream drawn as a waveform (ffmpeg's showwavespic), mono mix, one PNG. */
export function waveformArgs(input: string, output: string): string[] {
  const { width, height } = WAVEFORM_SIZE;
  return [
    ...COMMON,
    '-i',
    `file:${input}`,
    '-filter_complex',
    `[0:a:0]aformat=channel_layouts=mono,showwavespic=s=${width}x${height}:colors=0x4fc3f7[w]`,
    '-map',
    '[w]',
    '-frames:v',
    '1',
    '-c:v',
    'png',
    '-f',
    'image2',
    `file:${output}`,
  ];
}

/** About 10% into the clip, where a title card or black leader is usually over; 0 when the length is unknown. */
export function posterTime(durationSeconds: number | null): number {
  return durationSeconds !== null && durationSeconds > 0 ? durationSeconds * 0.1 : 0;
}
