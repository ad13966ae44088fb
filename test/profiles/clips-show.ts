import { execa } from 'execa';

/**
 * A clip with a real alpha channel: an opaque test pattern moving across a fully transparent frame, in qtrle
 * (argb), so the alpha survives into the source file exactly as a graphics department would deliver it.
 */
export async function makeAlphaClip(
  file: string,
  options: { width?: number; height?: number; seconds?: number; fps?: number } = {},
): Promise<string> {
  const width = options.width ?? 320;
  const height = options.height ?? 180;
  const seconds = options.seconds ?? 1;
  const fps = options.fps ?? 25;
  const graph =
    `color=c=black@0:s=${width}x${height}:r=${fps}:d=${seconds},format=rgba[bg];` +
    `testsrc2=s=${Math.floor(width / 2)}x${Math.floor(height / 2)}:r=${fps}:d=${seconds},format=rgba[fg];` +
    `[bg][fg]overlay=x='t*${Math.floor(width / 2)}':y=${Math.floor(height / 4)}:format=auto,format=argb`;
  await execa('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', graph, '-c:v', 'qtrle', '-t', String(seconds), file],
  ]);
  return file;
}

/** Lowest alpha value of the first video stream over all frames, 0–255 (raw ffmpeg, independent of src/). */
export async function minAlpha(file: string): Promise<number> {
  const { stdout } = await execa('ffmpeg', [
    ...['-v', 'error', '-i', file, '-map', '0:v:0'],
    ...['-vf', 'format=rgba,alphaextract,signalstats,metadata=print:key=lavfi.signalstats.YMIN:file=-'],
    ...['-f', 'null', '-'],
  ]);
  const values = [...stdout.matchAll(/YMIN=(\d+)/g)].map((m) => Number(m[1]));
  return Math.min(...values);
}
