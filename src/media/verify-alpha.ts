import { execa } from 'execa';
import { BvpError } from '../errors.ts';
import { hasAlpha } from '../profiles/args-codec.ts';
import type { VerifyCheck } from './verify-checks.ts';

const TIMEOUT_MS = 10 * 60_000;
// Every 5th frame: decoding is the cost, but the stats and the text stay small on long files.
const SAMPLE_EVERY = 5;

export interface AlphaStats {
  /** Frames measured. */
  frames: number;
  /** Lowest alpha value seen (0 = fully transparent somewhere), on an 8-bit scale. */
  min: number;
}

/**
 * The lowest alpha value across sampled frames of the first video stream, measured by ffmpeg
 * (`alphaextract,signalstats`). A file tagged with an alpha pixel format whose alpha is 255 everywhere looks right
 * to ffprobe but composites as an opaque rectangle: this is the measurement that catches it.
 */
export async function measureAlpha(
  file: string,
  options: {
    ffmpeg: string;
    signal?: AbortSignal;
    /** How ffmpeg opens `file` when `-i file:<file>` will not do: an image sequence's pattern (args-sequence.ts). */
    inputArgs?: string[];
  },
): Promise<AlphaStats> {
  const filter = [
    `select=not(mod(n\\,${SAMPLE_EVERY}))`,
    'format=rgba',
    'alphaextract',
    'signalstats',
    'metadata=print:key=lavfi.signalstats.YMIN:file=-',
  ].join(',');
  const result = await execa(
    options.ffmpeg,
    [
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      ...(options.inputArgs ?? ['-i', `file:${file}`]),
      '-map',
      '0:v:0',
      '-vf',
      filter,
      '-f',
      'null',
      '-',
    ],
    {
      reject: false,
      stdin: 'ignore',
      timeout: TIMEOUT_MS,
      cancelSignal: options.signal,
      forceKillAfterDelay: 2_000,
    },
  );
  if (result.isCanceled) throw new BvpError('ffmpeg.cancelled', `alpha measurement of ${file} was cancelled`);
  if (result.failed) {
    throw new BvpError('input.unreadable', `cannot measure the alpha of ${file}: ${result.shortMessage}`, {
      stderrTail: result.stderr.split('\n').slice(-10),
    });
  }
  const values = [...result.stdout.matchAll(/lavfi\.signalstats\.YMIN=(\d+)/g)].map((m) => Number(m[1]));
  return { frames: values.length, min: values.length > 0 ? Math.min(...values) : 255 };
}

/**
 * The `video.alpha` check: the output's pixel format has alpha and the plane is not opaque everywhere. Only asked
 * when the source has alpha and the profile keeps it.
 */
export function alphaCheck(pixelFormat: string | null, stats: AlphaStats | null): VerifyCheck {
  const expected = 'an alpha plane that is not all opaque';
  if (!hasAlpha(pixelFormat)) {
    return {
      name: 'video.alpha',
      ok: false,
      expected,
      actual: `no alpha (${pixelFormat ?? 'unknown'})`,
      message: 'the source has alpha but the output is tagged without it: players would show it opaque',
    };
  }
  if (!stats || stats.frames === 0)
    return { name: 'video.alpha', ok: false, expected, actual: 'not measured' };
  const ok = stats.min < 255;
  return {
    name: 'video.alpha',
    ok,
    expected,
    actual: ok ? `alpha down to ${stats.min}/255` : `opaque in all ${stats.frames} sampled frames`,
    ...(ok ? {} : { message: 'the alpha plane is fully opaque: the transparency was lost' }),
  };
}
