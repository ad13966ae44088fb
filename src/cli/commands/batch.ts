import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_EXTENSIONS } from '../../config/defaults.ts';
import { toBvpError } from '../../errors.ts';
import { resolveFfmpeg } from '../../media/ffmpeg-paths.ts';
import { isTempName } from '../../media/temp-name.ts';
import { transcodeFile } from '../../media/transcode-file.ts';
import { createProfileRegistry } from '../../profiles/registry.ts';
import { defaultOutputPath } from '../../service/submit.ts';
import { ENCODE_OPTIONS, parseCommandArgs, parseOverrides, UsageError, writeLine } from '../args.ts';
import type { CliCommand, CliIo } from '../io.ts';
import { missingFolders, removeEmptyFolders } from '../output-folders.ts';
import { formatProgressLine } from '../progress.ts';
import { oneShotSpec } from './transcode.ts';

const USAGE = `Usage: bvp batch <dir> --profile P [options]

Transcodes every media file in a folder (verified, inputs untouched) and prints a summary.
Outputs already present are skipped unless --overwrite.

Options:
  -p, --profile P              profile name
      --output-dir D           where outputs go, as <stem>.<ext>, sub-folders mirrored (default: beside
                               each input, as <stem>__processed__<profile>.<ext>; the same rule as bvp run)
  -r, --recursive              include sub-folders
  -j, --jobs N                 files encoded at once (default 1)
      --overwrite              replace existing outputs
      --no-verify              skip verification
      --preset, --keyframe-interval, --resolution, --audio-sample-rate, --loudness, --still-duration   as for bvp transcode
  -h, --help                   show this help
`;

/** Media files below `dir` by extension, skipping dotfiles (AppleDouble `._x.mov` included) and our temp files. */
export async function findMediaFiles(dir: string, recursive: boolean, outputDir?: string): Promise<string[]> {
  const found: string[] = [];
  const extensions = new Set(DEFAULT_EXTENSIONS.map((e) => `.${e.toLowerCase()}`));
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      // Hidden files (AppleDouble ._x.mov), our temp files and our own outputs (run twice in place) are not inputs.
      if (entry.name.startsWith('.') || isTempName(entry.name) || entry.name.includes('__processed__'))
        continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (recursive && full !== outputDir) await walk(full);
      } else if (entry.isFile() && extensions.has(path.extname(entry.name).toLowerCase())) {
        found.push(full);
      }
    }
  };
  await walk(dir);
  return found;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    'output-dir': { type: 'string' },
    recursive: { type: 'boolean', short: 'r' },
    jobs: { type: 'string', short: 'j' },
    ...ENCODE_OPTIONS,
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('batch takes exactly one folder');
  if (!values.profile) throw new UsageError('--profile is required');
  const jobs = Number(values.jobs ?? '1');
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16)
    throw new UsageError(`--jobs "${values.jobs}" must be 1–16`);
  const overrides = parseOverrides(values);
  const profile = createProfileRegistry().resolve(values.profile);
  const dir = path.resolve(io.cwd, positionals[0]);
  const outputDir = values['output-dir'] ? path.resolve(io.cwd, values['output-dir']) : undefined;
  const files = await findMediaFiles(dir, values.recursive ?? false, outputDir).catch((error) => {
    throw new UsageError(`cannot read folder "${dir}": ${(error as Error).message}`);
  });
  const bins = await resolveFfmpeg({ env: io.env });
  const summary = { done: 0, failed: 0, skipped: 0 };
  const queue = [...files];
  // Folders created for outputs that then failed; removed at the end if nothing else landed in them.
  const leftBehind: string[] = [];
  const worker = async (): Promise<void> => {
    for (let input = queue.shift(); input && !io.signal.aborted; input = queue.shift()) {
      // One naming rule with `bvp run`: beside the source <stem>__processed__<profile>.<ext> (it must not collide with
      // the source), in --output-dir the plain <stem>.<ext>, with the source's sub-folder mirrored.
      const output = outputDir
        ? defaultOutputPath(input, profile, path.join(outputDir, path.relative(dir, path.dirname(input))))
        : defaultOutputPath(input, profile);
      const label = path.relative(dir, input);
      const created = await missingFolders(output);
      try {
        const spec = await oneShotSpec({
          input,
          output,
          profile,
          overrides,
          overwrite: values.overwrite ?? false,
          verify: !values['no-verify'],
        });
        await transcodeFile({
          spec,
          ffmpeg: bins.ffmpeg.path,
          ffprobe: bins.ffprobe.path,
          signal: io.signal,
          onProgress: (p) => {
            if (p.percent >= 100) writeLine(io.stderr, formatProgressLine(label, p));
          },
        });
        summary.done++;
        writeLine(io.stdout, `ok      ${label} → ${output}`);
      } catch (error) {
        const failure = toBvpError(error);
        leftBehind.push(...created);
        if (failure.code === 'output.exists' && !values.overwrite) {
          summary.skipped++;
          writeLine(io.stdout, `skipped ${label}: output exists`);
        } else {
          summary.failed++;
          writeLine(io.stdout, `failed  ${label}: [${failure.code}] ${failure.message}`);
          for (const line of failure.stderrTail.slice(-5)) writeLine(io.stdout, `        ffmpeg: ${line}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, Math.max(files.length, 1)) }, worker));
  await removeEmptyFolders(leftBehind);
  writeLine(
    io.stdout,
    `${files.length} file(s): ${summary.done} done, ${summary.failed} failed, ${summary.skipped} skipped` +
      (io.signal.aborted ? ' (interrupted)' : ''),
  );
  if (io.signal.aborted) return 130;
  return summary.failed > 0 ? 1 : 0;
}

export const batchCommand: CliCommand = {
  name: 'batch',
  summary: 'transcode every media file in a folder, with a summary',
  run,
};
