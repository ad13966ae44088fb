import path from 'node:path';
import { parseArgs } from 'node:util';
import { isBvpError } from '../../errors.ts';
import { resolveBinary } from '../../media/ffmpeg-paths.ts';
import type { MediaInfo, StreamInfo } from '../../media/media-info.ts';
import { videoStreams } from '../../media/media-info.ts';
import { probe } from '../../media/probe.ts';
import { describeReadiness, type Readiness } from '../../media/readiness.ts';
import { readKeyframeTimes } from '../../media/verify-keyframes.ts';
import { createProfileRegistry } from '../../profiles/registry.ts';
import type { Profile } from '../../profiles/schema.ts';
import { TARGET_NAMES } from '../../targets/catalogue.ts';
import { needsKeyframes } from '../../targets/check.ts';
import { formatTargetReport, type TargetReport, targetReport } from '../../targets/report.ts';
import { resolveTarget } from '../../targets/resolve.ts';
import type { PlaybackTarget } from '../../targets/types.ts';
import type { CliCommand, CliIo } from '../io.ts';
import {
  describeStill,
  type StillClip,
  stillClipOf,
  stillTargetReport,
  withStillChange,
} from './analyze-still.ts';

const USAGE = `Usage: bvp analyze <file> [-p|--profile NAME] [-t|--target NAME] [--json]

Shows what a media file contains: container, duration, bitrate, and per stream the codec, resolution, frame rate
(VFR flagged), pixel format, field order, sample rate and channels. With --profile, says whether the profile can be
applied and what it will change. A still image (PNG, JPEG, TIFF) is judged as the clip a job makes of it (the
profile's still_duration, default 10 s). With --target, says check by check whether the file plays on that show player
(${TARGET_NAMES.join(', ')}) and what a profile would change to make it ready.

Options:
  -p, --profile NAME   judge the file against this profile (see "bvp profiles")
  -t, --target NAME    judge the file against this playback target
      --json           print JSON instead of text
  -h, --help           show this help

Exit code: 0 readable (and ready for the profile and target), 1 unreadable or missing file, or not ready, 2 bad
usage, unknown profile or unknown target.
`;

interface AnalyzeArgs {
  file: string;
  profile?: string;
  target?: string;
  json: boolean;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  let args: AnalyzeArgs | 'help';
  try {
    args = parse(argv);
  } catch (error) {
    io.stderr.write(`bvp analyze: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }

  // Profile first: a typo in the name should not wait for ffprobe, and is a usage error (2), not a file error.
  let profile: Profile | undefined;
  if (args.profile !== undefined) {
    try {
      profile = createProfileRegistry().resolve(args.profile);
    } catch (error) {
      io.stderr.write(`bvp analyze: ${message(error)}\n`);
      return 2;
    }
  }

  let target: PlaybackTarget | undefined;
  if (args.target !== undefined) {
    try {
      target = resolveTarget(args.target);
    } catch (error) {
      io.stderr.write(`bvp analyze: ${message(error)}\n`);
      return 2;
    }
  }

  const file = path.resolve(io.cwd, args.file);
  let info: MediaInfo;
  let targetVerdict: TargetReport | undefined;
  // A still image is judged as the clip a job makes of it (analyze-still.ts).
  let still: StillClip | null = null;
  try {
    const ffprobe = await resolveBinary('ffprobe', { env: io.env });
    info = await probe(file, { ffprobe: ffprobe.path, signal: io.signal });
    still = stillClipOf(info, profile);
    if (still) info = still.info;
    if (target) targetVerdict = await judgeTarget(info, target, ffprobe.path, profile, io.signal);
    if (target && still && targetVerdict) targetVerdict = stillTargetReport(targetVerdict, still);
  } catch (error) {
    io.stderr.write(`bvp analyze: ${message(error)}\n`);
    return isBvpError(error) && error.isCanceled ? 130 : 1;
  }

  const judged = profile ? describeReadiness(info, profile) : undefined;
  const readiness = judged && still ? withStillChange(judged, still) : judged;
  if (args.json) {
    const verdict = profile && readiness ? { profile: profile.name, ...readiness } : null;
    const stillJson = still ? { still: { seconds: still.seconds, frameRate: still.frameRate } } : {};
    const json = {
      file,
      info,
      ...stillJson,
      readiness: verdict,
      ...(targetVerdict ? { target: targetVerdict } : {}),
    };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.stdout.write(
      formatAnalysis(info, profile, readiness, still ? describeStill(still, profile) : undefined),
    );
    if (targetVerdict) io.stdout.write(`\n${formatTargetReport(targetVerdict)}`);
  }
  if (targetVerdict && !targetVerdict.ready) return 1;
  return readiness && !readiness.ready ? 1 : 0;
}

const SAME_FAMILY: Readonly<Record<string, string>> = {
  h264: 'libx264',
  hevc: 'libx265',
  prores: 'prores_ks',
};

// Keyframe times only when the target has a GOP rule for this file's codec: reading packets costs a pass.
async function judgeTarget(
  info: MediaInfo,
  target: PlaybackTarget,
  ffprobe: string,
  profile: Profile | undefined,
  signal: AbortSignal | undefined,
): Promise<TargetReport> {
  const video = videoStreams(info)[0];
  const keyframeTimes =
    video && needsKeyframes(target, info)
      ? await readKeyframeTimes(info.path, { ffprobe, streamIndex: video.index, signal })
      : undefined;
  const registry = createProfileRegistry();
  // Prefer a recommended profile in the file's own codec family (an H.264 file → loop-h264), else the first.
  const recommended = target.profiles.map((name) => registry.get(name)).filter((p) => p !== undefined);
  const family = video ? SAME_FAMILY[video.codec] : undefined;
  const fallback = recommended.find((p) => p.video?.codec === family) ?? recommended[0];
  return targetReport(info, target, { keyframeTimes, profile, fallback });
}

function parse(argv: string[]): AnalyzeArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      profile: { type: 'string', short: 'p' },
      target: { type: 'string', short: 't' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  if (positionals.length === 0) throw new Error('which file? Give one file to analyze');
  if (positionals.length > 1) throw new Error(`one file at a time (got ${positionals.length})`);
  return { file: positionals[0], profile: values.profile, target: values.target, json: values.json ?? false };
}

function message(error: unknown): string {
  if (isBvpError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** The text report: one line per fact, one per stream, then the verdict. */
export function formatAnalysis(
  info: MediaInfo,
  profile?: Profile,
  readiness?: Readiness,
  still?: string,
): string {
  const lines = [info.path];
  lines.push(`  container  ${info.formatName || 'unknown'}`);
  if (still) lines.push(`  still      ${still}`);
  lines.push(`  duration   ${info.durationSeconds === null ? 'unknown' : clock(info.durationSeconds)}`);
  lines.push(`  bitrate    ${info.bitRate === null ? 'unknown' : rate(info.bitRate)}`);
  if (info.sizeBytes !== null) lines.push(`  size       ${bytes(info.sizeBytes)}`);
  for (const stream of info.streams)
    lines.push(`  #${stream.index}  ${describeStream(stream, still !== undefined)}`);
  if (profile && readiness) {
    lines.push('', `profile ${profile.name}: ${readiness.ready ? 'ready' : 'NOT READY'}`);
    for (const problem of readiness.problems) lines.push(`  ! ${problem}`);
    for (const change of readiness.changes) lines.push(`  - ${change}`);
    if (readiness.ready && readiness.changes.length === 0) lines.push('  - nothing to change');
  }
  return `${lines.join('\n')}\n`;
}

// A still's picture has no rate of its own (ffprobe's 25 is made up); the clip's is on the `still` line.
function describeStream(s: StreamInfo, still = false): string {
  if (s.type === 'video') {
    const parts = [
      s.attachedPicture ? 'cover art' : still ? 'picture' : 'video',
      s.profile ? `${s.codec} (${s.profile})` : s.codec,
    ];
    if (s.codecTag) parts.push(`[${s.codecTag}]`);
    parts.push(`${s.width}×${s.height}`);
    if (!s.attachedPicture && !still && s.frameRate !== null) {
      const rational = s.frameRateRational?.includes('/') && !s.frameRateRational.endsWith('/1');
      parts.push(
        `${s.frameRate} fps${rational ? ` (${s.frameRateRational})` : ''}${s.variableFrameRate ? ' VFR' : ''}`,
      );
    }
    if (s.pixelFormat) parts.push(s.pixelFormat);
    if (s.fieldOrder && s.fieldOrder !== 'unknown') parts.push(fieldOrder(s.fieldOrder));
    return parts.join('  ');
  }
  if (s.type === 'audio') {
    const parts = ['audio', s.codec];
    if (s.sampleRate !== null) parts.push(`${s.sampleRate / 1000} kHz`);
    if (s.channels !== null) parts.push(`${s.channels} ch${s.channelLayout ? ` (${s.channelLayout})` : ''}`);
    return parts.join('  ');
  }
  return `${s.type}  ${s.codec ?? 'unknown'}`;
}

function fieldOrder(order: string): string {
  if (order === 'progressive') return 'progressive';
  if (order === 'tt' || order === 'tb') return `interlaced tff (${order})`;
  if (order === 'bb' || order === 'bt') return `interlaced bff (${order})`;
  return order;
}

function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = (seconds % 60).toFixed(3).padStart(6, '0');
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s} (${Math.round(seconds * 1000) / 1000} s)`;
}

function rate(bitsPerSecond: number): string {
  return bitsPerSecond >= 1e6
    ? `${(bitsPerSecond / 1e6).toFixed(2)} Mb/s`
    : `${Math.round(bitsPerSecond / 1000)} kb/s`;
}

function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024).toFixed(1)} KiB`;
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'show what a file contains and what a profile would change',
  run,
};
