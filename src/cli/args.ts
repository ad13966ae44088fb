import { parseArgs } from 'node:util';
import type { JobOverrides } from '../../machines/types.ts';
import { SPEED_PRESETS, type SpeedPreset } from '../profiles/schema.ts';
import type { CliIo } from './io.ts';

type ParseArgsOptions = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** Thrown for a bad command line: the dispatcher prints it with the command's usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** node:util parseArgs with errors turned into UsageError (its own messages are already precise). */
export function parseCommandArgs<const O extends ParseArgsOptions>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The transcode overrides shared by `transcode`, `batch` and `run`, validated with precise messages. */
export const OVERRIDE_OPTIONS = {
  preset: { type: 'string' },
  'keyframe-interval': { type: 'string' },
  resolution: { type: 'string' },
  'audio-sample-rate': { type: 'string' },
  loudness: { type: 'string' },
  'still-duration': { type: 'string' },
} as const;

/** Flags every encoding command takes: the profile, overwrite and verification switches, and the overrides. */
export const ENCODE_OPTIONS = {
  profile: { type: 'string', short: 'p' },
  overwrite: { type: 'boolean' },
  'no-verify': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...OVERRIDE_OPTIONS,
} as const;

export function parseOverrides(values: {
  preset?: string;
  'keyframe-interval'?: string;
  resolution?: string;
  'audio-sample-rate'?: string;
  loudness?: string;
  'still-duration'?: string;
}): JobOverrides {
  const overrides: JobOverrides = {};
  if (values.preset !== undefined) {
    if (!(SPEED_PRESETS as readonly string[]).includes(values.preset)) {
      throw new UsageError(`--preset "${values.preset}" is not one of ${SPEED_PRESETS.join(', ')}`);
    }
    overrides.preset = values.preset as SpeedPreset;
  }
  const kf = values['keyframe-interval'];
  if (kf !== undefined) {
    const n = Number(kf);
    if (!Number.isFinite(n) || n <= 0) {
      throw new UsageError(`--keyframe-interval "${kf}" must be a positive number of seconds`);
    }
    overrides.keyframeSeconds = n;
  }
  const res = values.resolution;
  if (res !== undefined) {
    const m = /^(\d{2,5})[xX](\d{2,5})$/.exec(res);
    if (!m) throw new UsageError(`--resolution "${res}" must look like 1920x1080`);
    overrides.resolution = { width: Number(m[1]), height: Number(m[2]) };
  }
  const rate = values['audio-sample-rate'];
  if (rate !== undefined) {
    const n = Number(rate);
    if (!Number.isInteger(n) || n < 8000 || n > 384000) {
      throw new UsageError(
        `--audio-sample-rate "${rate}" must be a whole number of Hz between 8000 and 384000`,
      );
    }
    overrides.audioSampleRate = n;
  }
  const lufs = values.loudness;
  if (lufs !== undefined) {
    const n = Number(lufs);
    if (!Number.isFinite(n) || n < -70 || n > -5) {
      throw new UsageError(
        `--loudness "${lufs}" must be an integrated loudness in LUFS from -70 to -5, e.g. -23`,
      );
    }
    overrides.loudnessLufs = n;
  }
  const still = values['still-duration'];
  if (still !== undefined) {
    const n = Number(still);
    if (!Number.isFinite(n) || n < 0.04 || n > 86_400) {
      throw new UsageError(`--still-duration "${still}" must be a number of seconds from 0.04 to 86400`);
    }
    overrides.stillSeconds = n;
  }
  return overrides;
}

export function writeLine(stream: CliIo['stdout'] | CliIo['stderr'], text = ''): void {
  stream.write(`${text}\n`);
}
