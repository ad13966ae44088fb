import { stat } from 'node:fs/promises';
import { execa } from 'execa';
import * as v from 'valibot';
import { BvpError } from '../errors.ts';
import { audioStreams, type MediaInfo, type StreamInfo, videoStreams } from './media-info.ts';
import { isFolder, probeSequence } from './sequence-probe.ts';

export interface ProbeOptions {
  /** Path of the ffprobe binary (from resolveFfmpeg). */
  ffprobe: string;
  signal?: AbortSignal;
  /** Default 30 s: ffprobe on a stalled network share can hang forever. */
  timeoutMs?: number;
  /** Verification reads outputs that may legitimately be empty; it judges them itself. */
  allowNoStreams?: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const STDERR_TAIL_LINES = 10;

/**
 * Reads a media file with ffprobe into MediaInfo. Throws BvpError: `input.missing` (no such file),
 * `input.unreadable` (ffprobe could not read it; stderr tail attached), `input.no_streams` (neither audio nor video),
 * `ffmpeg.missing` (ffprobe itself not runnable), `ffmpeg.timeout`, `ffmpeg.cancelled`.
 */
export async function probe(file: string, options: ProbeOptions): Promise<MediaInfo> {
  // A folder is read as an image sequence: one clip of its numbered frames (sequence-probe.ts).
  if (await isFolder(file)) return probeSequence(file, options);
  await assertReadableFile(file);
  const { stdout } = await runFfprobe(
    options.ffprobe,
    ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', ffprobeInput(file)],
    { ...options, file },
  );
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch (cause) {
    throw new BvpError('input.unreadable', `ffprobe returned no usable data for ${file}`, { cause });
  }
  const info = toMediaInfo(file, json);
  if (!options.allowNoStreams && videoStreams(info).length === 0 && audioStreams(info).length === 0) {
    throw new BvpError('input.no_streams', `${file} has no audio or video streams`, {
      details: { path: file },
    });
  }
  return info;
}

/** ffmpeg has no `--`; the file: protocol prefix keeps names starting with "-" or containing ":" literal. */
export function ffprobeInput(file: string): string {
  return `file:${file}`;
}

async function assertReadableFile(file: string): Promise<void> {
  try {
    const s = await stat(file);
    if (!s.isFile())
      throw new BvpError('input.unreadable', `${file} is not a regular file`, { details: { path: file } });
  } catch (cause) {
    if (cause instanceof BvpError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new BvpError('input.missing', `${file} does not exist`, { details: { path: file }, cause });
    }
    throw new BvpError('input.unreadable', `cannot read ${file}: ${String(cause)}`, {
      details: { path: file },
      cause,
    });
  }
}

export interface RunFfprobeOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Named in error messages. */
  file: string;
}

/** Runs ffprobe and maps every way it can fail onto a BvpError that names the file. */
export async function runFfprobe(
  ffprobe: string,
  args: string[],
  options: RunFfprobeOptions,
): Promise<{ stdout: string; stderr: string }> {
  const result = await execa(ffprobe, args, {
    reject: false,
    stdin: 'ignore',
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    cancelSignal: options.signal,
    forceKillAfterDelay: 2_000,
  });
  if (!result.failed) return { stdout: result.stdout, stderr: result.stderr };
  const details = { path: options.file, ffprobe };
  if (result.isCanceled)
    throw new BvpError('ffmpeg.cancelled', `ffprobe of ${options.file} was cancelled`, { details });
  if (result.timedOut)
    throw new BvpError('ffmpeg.timeout', `ffprobe of ${options.file} timed out`, { details });
  if (result.exitCode === undefined && (result as { code?: string }).code === 'ENOENT') {
    throw new BvpError('ffmpeg.missing', `ffprobe not found at ${ffprobe}`, { details, cause: result.cause });
  }
  const tail = result.stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-STDERR_TAIL_LINES);
  const last = tail.at(-1)?.replaceAll(`file:${options.file}`, '').replace(/^:\s*/, '') ?? 'unknown error';
  throw new BvpError('input.unreadable', `ffprobe cannot read ${options.file}: ${last}`, {
    details,
    stderrTail: tail,
  });
}

const numeric = v.optional(v.union([v.string(), v.number()]));
const FfprobeStreamSchema = v.looseObject({
  index: v.number(),
  codec_type: v.optional(v.string()),
  codec_name: v.optional(v.string()),
  codec_tag_string: v.optional(v.string()),
  profile: v.optional(v.string()),
  width: v.optional(v.number()),
  height: v.optional(v.number()),
  pix_fmt: v.optional(v.string()),
  r_frame_rate: v.optional(v.string()),
  avg_frame_rate: v.optional(v.string()),
  field_order: v.optional(v.string()),
  level: v.optional(v.number()),
  has_b_frames: v.optional(v.number()),
  duration: numeric,
  sample_rate: numeric,
  channels: v.optional(v.number()),
  bits_per_sample: v.optional(v.number()),
  channel_layout: v.optional(v.string()),
  disposition: v.optional(v.looseObject({ attached_pic: v.optional(v.number()) })),
  tags: v.optional(v.record(v.string(), v.unknown())),
});
const FfprobeJsonSchema = v.looseObject({
  streams: v.optional(v.array(FfprobeStreamSchema), []),
  format: v.optional(
    v.looseObject({
      format_name: v.optional(v.string()),
      duration: numeric,
      bit_rate: numeric,
      size: numeric,
    }),
  ),
});
type FfprobeStream = v.InferOutput<typeof FfprobeStreamSchema>;

/**
 * Maps `ffprobe -show_format -show_streams -of json` output onto MediaInfo. Pure, so it is tested on hand-made JSON.
 * Throws BvpError `input.unreadable` when the JSON is not ffprobe's shape.
 */
export function toMediaInfo(path: string, ffprobeJson: unknown): MediaInfo {
  const parsed = v.safeParse(FfprobeJsonSchema, ffprobeJson);
  if (!parsed.success) {
    throw new BvpError('input.unreadable', `unexpected ffprobe output for ${path}`, {
      details: { path, issues: parsed.issues.map((issue) => issue.message) },
    });
  }
  const { streams, format } = parsed.output;
  return {
    path,
    formatName: format?.format_name ?? '',
    durationSeconds: toNumber(format?.duration) ?? longestStream(streams),
    bitRate: toNumber(format?.bit_rate),
    sizeBytes: toNumber(format?.size),
    streams: streams.map(toStreamInfo),
  };
}

function toStreamInfo(s: FfprobeStream): StreamInfo {
  const codec = s.codec_name ?? 'unknown';
  if (s.codec_type === 'video') {
    const avg = parseRational(s.avg_frame_rate);
    const real = parseRational(s.r_frame_rate);
    const rate = avg ?? real;
    const attachedPicture = s.disposition?.attached_pic === 1;
    return {
      type: 'video',
      index: s.index,
      codec,
      codecTag: codecTag(s.codec_tag_string),
      profile: s.profile ?? null,
      width: s.width ?? 0,
      height: s.height ?? 0,
      pixelFormat: s.pix_fmt ?? null,
      frameRate: rate ? roundRate(rate.value) : null,
      frameRateRational: rate?.text ?? null,
      variableFrameRate: !attachedPicture && isVariable(avg?.value, real?.value),
      fieldOrder: s.field_order ?? null,
      durationSeconds: streamDuration(s),
      attachedPicture,
      level: codecLevel(codec, s.level),
      hasBFrames: s.has_b_frames === undefined ? null : s.has_b_frames > 0,
      realFrameRateRational: real?.text ?? null,
    };
  }
  if (s.codec_type === 'audio') {
    return {
      type: 'audio',
      index: s.index,
      codec,
      sampleRate: toNumber(s.sample_rate),
      channels: s.channels ?? null,
      channelLayout: s.channel_layout ?? null,
      durationSeconds: streamDuration(s),
      // ffprobe gives 0 for compressed audio, which has no sample size.
      bitsPerSample: s.bits_per_sample ? s.bits_per_sample : null,
    };
  }
  const type = s.codec_type === 'subtitle' || s.codec_type === 'data' || s.codec_type === 'attachment';
  return {
    type: type ? (s.codec_type as 'subtitle' | 'data' | 'attachment') : 'unknown',
    index: s.index,
    codec: s.codec_name ?? null,
  };
}

/**
 * r_frame_rate is the lowest rate that represents every timestamp, avg_frame_rate frames/duration. They agree on
 * constant-rate files; 0.5 % absorbs rounding in short files. An exact 2:1 is field-rate signalling (interlaced
 * H.264, telecine), not a variable rate.
 */
function isVariable(avg: number | undefined, real: number | undefined): boolean {
  if (!avg || !real) return false;
  const ratio = real / avg;
  if (Math.abs(ratio - 2) < 0.005) return false;
  return Math.abs(ratio - 1) > 0.005;
}

function parseRational(text: string | undefined): { value: number; text: string } | null {
  if (!text) return null;
  const [num, den = '1'] = text.split('/');
  const value = Number(num) / Number(den);
  return Number.isFinite(value) && value > 0 ? { value, text } : null;
}

/** ffprobe's level is 10× for H.264 (52 → 5.2) and 30× for HEVC (153 → 5.1); other codecs report none or -99. */
export function codecLevel(codec: string, level: number | undefined): number | null {
  if (level === undefined || !(level > 0)) return null;
  if (codec === 'h264') return level / 10;
  if (codec === 'hevc') return Math.round((level / 30) * 10) / 10;
  return null;
}

function roundRate(rate: number): number {
  return Math.round(rate * 1000) / 1000;
}

// ffprobe prints unknown tags as "[0][0][0][0]" (Matroska has none); that is "no tag", not a tag.
function codecTag(tag: string | undefined): string | null {
  if (!tag || tag.startsWith('[0]')) return null;
  return tag;
}

// Matroska keeps per-stream durations only in a DURATION tag ("00:00:02.021000000").
function streamDuration(s: FfprobeStream): number | null {
  const direct = toNumber(s.duration);
  if (direct !== null) return direct;
  const tag = s.tags?.DURATION ?? s.tags?.duration;
  if (typeof tag !== 'string') return null;
  const match = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(tag.trim());
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : null;
}

function longestStream(streams: FfprobeStream[]): number | null {
  const durations = streams.map(streamDuration).filter((d): d is number => d !== null);
  return durations.length > 0 ? Math.max(...durations) : null;
}

function toNumber(value: string | number | undefined): number | null {
  if (value === undefined || value === '' || value === 'N/A') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}
