import { stat } from 'node:fs/promises';
import { BvpError } from '../errors.ts';
import type { MediaInfo } from './media-info.ts';
import { ffprobeInput, type ProbeOptions, runFfprobe, toMediaInfo } from './probe.ts';
import { describeSequence, sequencePattern } from './sequence.ts';
import { folderStatOf, listFrames } from './sequence-frames.ts';

/** The rate a sequence is probed at; the job reads it at the profile's rate (args-sequence.ts). */
const PROBE_RATE = '25';

/** True when `file` is a folder (a possible image sequence); false for anything else, missing included. */
export async function isFolder(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * Reads an image-sequence folder: its frames must make one gap-free sequence (sequence.ts), then ffprobe reads the
 * numbered pattern with the image2 demuxer. The result carries `sequence`, the frames' total size, and the duration
 * at the nominal probe rate of 25; `asSequenceClip` restates it at the profile's rate.
 *
 * @throws BvpError `input.missing`, `input.unreadable` (not a sequence, gap, unreadable frame), `input.no_streams`,
 *   `ffmpeg.*` as `probe` does.
 */
export async function probeSequence(folder: string, options: ProbeOptions): Promise<MediaInfo> {
  const frames = await listFrames(folder).catch((cause: NodeJS.ErrnoException) => {
    const missing = cause.code === 'ENOENT' || cause.code === 'ENOTDIR';
    throw new BvpError(
      missing ? 'input.missing' : 'input.unreadable',
      missing ? `${folder} does not exist` : `cannot read folder ${folder}: ${cause.code ?? cause.message}`,
      { details: { path: folder }, cause },
    );
  });
  const seq = describeSequence(folder, frames);
  const pattern = sequencePattern(folder, seq);
  const { stdout } = await runFfprobe(
    options.ffprobe,
    [
      '-v',
      'error',
      '-f',
      'image2',
      '-pattern_type',
      'sequence',
      '-framerate',
      PROBE_RATE,
      '-start_number',
      String(seq.first),
      '-show_format',
      '-show_streams',
      '-of',
      'json',
      ffprobeInput(pattern),
    ],
    { ...options, file: folder },
  );
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch (cause) {
    throw new BvpError('input.unreadable', `ffprobe returned no usable data for ${folder}`, { cause });
  }
  const info = toMediaInfo(folder, json);
  const video = info.streams.find((s) => s.type === 'video');
  if (!video) {
    throw new BvpError(
      'input.no_streams',
      `image sequence ${folder}: ffprobe found no picture in ${seq.firstName}`,
      {
        details: { path: folder },
      },
    );
  }
  const seconds = seq.count / Number(PROBE_RATE);
  return {
    ...info,
    durationSeconds: seconds,
    sizeBytes: folderStatOf(folder, frames).size,
    sequence: seq,
  };
}
