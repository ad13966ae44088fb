import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export interface ClipOptions {
  seconds?: number;
  /** Rational or decimal, e.g. "30000/1001" for 29.97. */
  fps?: string;
  width?: number;
  height?: number;
  /** 0 for a clip with no audio. */
  audioRate?: number;
  audioChannels?: number;
  /** Extra audio tracks beyond the first. */
  extraAudioTracks?: number;
  /** No video stream: an audio-only file. */
  audioOnly?: boolean;
  /** Codec for the generated video (default mpeg4 in .mov/.mp4/.mkv; fast and always present). */
  videoCodec?: string;
  pixelFormat?: string;
}

/** Generates a small test clip with ffmpeg's lavfi sources (testsrc2 + sine). Real media, made on the spot. */
export async function makeClip(file: string, options: ClipOptions = {}): Promise<string> {
  const seconds = options.seconds ?? 2;
  const fps = options.fps ?? '25';
  const width = options.width ?? 160;
  const height = options.height ?? 90;
  const audioRate = options.audioRate ?? 48000;
  const channels = options.audioChannels ?? 2;
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];
  if (!options.audioOnly) {
    args.push('-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}:duration=${seconds}`);
  }
  const audioInputs = audioRate > 0 ? 1 + (options.extraAudioTracks ?? 0) : 0;
  for (let i = 0; i < audioInputs; i++) {
    const layout = channels === 1 ? 'mono' : 'stereo';
    args.push(
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${440 + i * 220}:sample_rate=${audioRate}:duration=${seconds},aformat=channel_layouts=${layout}`,
    );
  }
  const inputs = (options.audioOnly ? 0 : 1) + audioInputs;
  for (let i = 0; i < inputs; i++) args.push('-map', `${i}:0`);
  if (!options.audioOnly) {
    args.push(
      '-c:v',
      options.videoCodec ?? 'mpeg4',
      '-q:v',
      '5',
      '-pix_fmt',
      options.pixelFormat ?? 'yuv420p',
    );
  }
  if (audioInputs > 0) {
    const ext = path.extname(file).toLowerCase();
    args.push('-c:a', ext === '.wav' || ext === '.mov' ? 'pcm_s16le' : 'aac');
  }
  // ffmpeg has no `--`: a name starting with "-" goes through the file: protocol prefix.
  args.push('-t', String(seconds), path.basename(file).startsWith('-') ? `file:${file}` : file);
  await execa('ffmpeg', args);
  return file;
}

export interface TempDir {
  path: string;
  join(...parts: string[]): string;
  cleanup(): Promise<void>;
}

export async function makeTempDir(prefix = 'bvp-test-'): Promise<TempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return {
    path: dir,
    join: (...parts) => path.join(dir, ...parts),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
