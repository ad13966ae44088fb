import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { JobOverrides, JobSpec } from '../../../machines/types.ts';
import { BvpError, toBvpError } from '../../errors.ts';
import { resolveFfmpeg } from '../../media/ffmpeg-paths.ts';
import { transcodeFile } from '../../media/transcode-file.ts';
import { createProfileRegistry } from '../../profiles/registry.ts';
import type { Profile } from '../../profiles/schema.ts';
import { defaultOutputPath, specFromRequest } from '../../service/submit.ts';
import { ENCODE_OPTIONS, parseCommandArgs, parseOverrides, UsageError, writeLine } from '../args.ts';
import type { CliCommand, CliIo } from '../io.ts';
import { createProgressReporter } from '../progress.ts';
import { printFailure } from './report.ts';

const USAGE = `Usage: bvp transcode <input> --profile P [options]

Encodes one file into a hidden temp file beside the output, verifies it, then renames it into place.
Ctrl+C or any failure removes the temp file and exits non-zero; the input is never touched.

Options:
  -p, --profile P              profile name (bvp profiles lists them)
  -o, --output FILE            output file (default: <input stem>__processed__<profile>.<profile extension>)
      --preset fast|normal|slow encoder speed preset
      --keyframe-interval S    keyframe interval in seconds (profiles with keyframes)
      --resolution WxH         fit the picture inside WxH (keeps the aspect ratio)
      --audio-sample-rate N    audio sample rate in Hz
      --loudness LUFS          normalise to this integrated loudness (two-pass loudnorm), e.g. -23
      --still-duration S       seconds of clip a still image becomes (default 10)
      --overwrite              replace an existing output file
      --no-verify              skip the ffprobe verification of the result
  -h, --help                   show this help
`;

export interface OneFileOptions {
  input: string;
  output: string;
  profile: Profile;
  overrides: JobOverrides;
  overwrite: boolean;
  verify: boolean;
}

/**
 * Shared by `transcode` and `batch`: the service's own spec (same identity, same checks), kept source, and an
 * existing output refused unless --overwrite.
 */
export async function oneShotSpec(options: OneFileOptions): Promise<JobSpec> {
  const spec = await specFromRequest(
    {
      source: options.input,
      profile: options.profile.name,
      output: options.output,
      overrides: options.overrides,
      sourceAction: { kind: 'keep' },
      collision: options.overwrite ? 'overwrite' : 'fail',
      verify: options.verify,
      origin: 'cli',
    },
    { resolve: () => options.profile },
    { now: Date.now, newId: () => globalThis.crypto.randomUUID() },
  );
  if (!options.overwrite && (await stat(spec.outputPath).catch(() => null))) {
    throw new BvpError(
      'output.exists',
      `output "${options.output}" already exists (use --overwrite to replace it)`,
    );
  }
  return spec;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    output: { type: 'string', short: 'o' },
    ...ENCODE_OPTIONS,
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('transcode takes exactly one input file');
  if (!values.profile) throw new UsageError('--profile is required');
  const overrides = parseOverrides(values);
  const registry = createProfileRegistry();
  const profile = registry.resolve(values.profile);
  const input = path.resolve(io.cwd, positionals[0]);
  const output = values.output ? path.resolve(io.cwd, values.output) : defaultOutputPath(input, profile);
  // A .mp4 name on a QuickTime file misleads every player and operator downstream.
  if (path.extname(output).toLowerCase() !== `.${profile.container}`) {
    throw new UsageError(
      `-o "${values.output}" must end in .${profile.container}, the container of ${profile.name}`,
    );
  }
  try {
    const spec = await oneShotSpec({
      input,
      output,
      profile,
      overrides,
      overwrite: values.overwrite ?? false,
      verify: !values['no-verify'],
    });
    const bins = await resolveFfmpeg({ env: io.env });
    const reporter = createProgressReporter(io.stderr, path.basename(input));
    const result = await transcodeFile({
      spec,
      ffmpeg: bins.ffmpeg.path,
      ffprobe: bins.ffprobe.path,
      signal: io.signal,
      onProgress: (p) => reporter.update(p),
    }).finally(() => reporter.done());
    writeLine(io.stdout, `${result.outputPath}`);
    writeLine(
      io.stderr,
      `done: ${profile.name}, ${(result.outputBytes / 1e6).toFixed(1)} MB in ${result.encodeSeconds.toFixed(1)} s${spec.verify ? ', verified' : ', not verified (--no-verify)'}`,
    );
    return 0;
  } catch (error) {
    const failure = toBvpError(error);
    printFailure(io, input, failure);
    return failure.isCanceled ? 130 : 1;
  }
}

export const transcodeCommand: CliCommand = {
  name: 'transcode',
  summary: 'encode one file with a profile, verified, never touching the input',
  run,
};
