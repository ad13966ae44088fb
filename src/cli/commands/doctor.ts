import { parseArgs } from 'node:util';
import { isBvpError } from '../../errors.ts';
import { ffmpegVersion, listEncoders, requiredEncoders } from '../../media/encoders.ts';
import {
  type BinaryName,
  type BinarySource,
  type ResolvedBinary,
  resolveBinary,
} from '../../media/ffmpeg-paths.ts';
import { type ProfileSupport, profileSupport } from '../../profiles/capability.ts';
import { BUILTIN_PROFILES } from '../../profiles/validate.ts';
import type { CliCommand, CliIo } from '../io.ts';

const USAGE = `Usage: bvp doctor [--json]

Checks which ffmpeg and ffprobe Bulletproof will use (config path, BVP_FFMPEG / BVP_FFPROBE, PATH, or the bundled
npm package), their versions, whether ffmpeg has every encoder the built-in profiles need, and per profile whether
this ffmpeg can run it (and why not).

Exit code: 0 all good, 1 ffmpeg/ffprobe missing or a needed encoder missing, 2 bad usage.
`;

const SOURCE_LABEL: Record<BinarySource, string> = {
  config: 'config file',
  env: 'environment',
  path: 'PATH',
  bundled: 'bundled npm package',
};

export interface BinaryReport {
  path: string | null;
  source: BinarySource | null;
  version: string | null;
  error: string | null;
}

export interface EncoderReport {
  name: string;
  available: boolean;
  /** Built-in profiles that use it. */
  profiles: string[];
}

export interface ProfileReport extends ProfileSupport {
  name: string;
}

export interface DoctorReport {
  ok: boolean;
  ffmpeg: BinaryReport;
  ffprobe: BinaryReport;
  encoders: EncoderReport[];
  /** Per built-in profile: can the ffmpeg in use run it. */
  profiles: ProfileReport[];
}

/** Gathers the doctor report; never throws for a broken installation, that is what it reports. */
export async function diagnose(env: Record<string, string | undefined>): Promise<DoctorReport> {
  const [ffmpeg, ffprobe] = await Promise.all([inspect('ffmpeg', env), inspect('ffprobe', env)]);
  let available = new Set<string>();
  if (ffmpeg.path && !ffmpeg.error) {
    try {
      available = await listEncoders(ffmpeg.path);
    } catch (error) {
      ffmpeg.error = errorText(error);
    }
  }
  const encoders = requiredEncoders(BUILTIN_PROFILES).map((name) => ({
    name,
    available: available.has(name),
    profiles: BUILTIN_PROFILES.filter((p) => p.video?.codec === name || p.audio?.codec === name).map(
      (p) => p.name,
    ),
  }));
  const ok = !ffmpeg.error && !ffprobe.error && encoders.every((e) => e.available);
  const profiles = BUILTIN_PROFILES.map((p) => ({ name: p.name, ...profileSupport(p, available) }));
  return { ok, ffmpeg, ffprobe, encoders, profiles };
}

async function inspect(name: BinaryName, env: Record<string, string | undefined>): Promise<BinaryReport> {
  let binary: ResolvedBinary;
  try {
    binary = await resolveBinary(name, { env });
  } catch (error) {
    return { path: null, source: null, version: null, error: errorText(error) };
  }
  try {
    return { ...binary, version: await ffmpegVersion(binary.path), error: null };
  } catch (error) {
    return { ...binary, version: null, error: errorText(error) };
  }
}

function errorText(error: unknown): string {
  return isBvpError(error) || error instanceof Error ? error.message : String(error);
}

async function run(argv: string[], io: CliIo): Promise<number> {
  let json = false;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"`);
    json = values.json ?? false;
  } catch (error) {
    io.stderr.write(`bvp doctor: ${errorText(error)}\n\n${USAGE}`);
    return 2;
  }

  const report = await diagnose(io.env);
  if (json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(formatReport(report));
  return report.ok ? 0 : 1;
}

/** The human report; exported for the dashboard's "about" text and for tests. */
export function formatReport(report: DoctorReport): string {
  const lines: string[] = [];
  for (const name of ['ffmpeg', 'ffprobe'] as const) {
    const b = report[name];
    const where = b.path ? `${b.path}  (from ${SOURCE_LABEL[b.source ?? 'path']})` : 'not found';
    lines.push(`${name.padEnd(8)} ${where}${b.version ? `  version ${b.version}` : ''}`);
    if (b.error) lines.push(`${' '.repeat(9)}problem: ${b.error}`);
  }
  const { ffmpeg, ffprobe } = report;
  if (ffmpeg.version && ffprobe.version && ffmpeg.version !== ffprobe.version) {
    lines.push(
      'note: ffmpeg and ffprobe are different builds; that works, but one install of both is simpler',
    );
  }

  lines.push('', 'Encoders the built-in profiles need:');
  const width = Math.max(...report.encoders.map((e) => e.name.length));
  for (const e of report.encoders) {
    lines.push(
      `  ${(e.available ? 'ok' : 'MISSING').padEnd(8)} ${e.name.padEnd(width)}  ${e.profiles.join(', ')}`,
    );
  }

  lines.push('', 'Profiles this ffmpeg can run:');
  const nameWidth = Math.max(...report.profiles.map((p) => p.name.length));
  for (const p of report.profiles) {
    const why = p.runnable ? '' : `  needs ${p.missing.join(', ')}`;
    lines.push(`  ${(p.runnable ? 'ok' : 'NO').padEnd(8)} ${p.name.padEnd(nameWidth)}${why}`.trimEnd());
  }

  const missing = report.encoders.filter((e) => !e.available).map((e) => e.name);
  lines.push('');
  if (!ffmpeg.path || !ffprobe.path) {
    lines.push(
      'ffmpeg or ffprobe is missing: install ffmpeg (apt install ffmpeg), or set BVP_FFMPEG / BVP_FFPROBE.',
    );
  } else if (ffmpeg.error || ffprobe.error) {
    lines.push('ffmpeg or ffprobe does not run properly; see the problem above.');
  } else if (missing.length > 0) {
    lines.push(
      `Missing encoder${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}. Profiles using ` +
        `${missing.length === 1 ? 'it' : 'them'} will fail; use an ffmpeg built with ` +
        `${missing.length === 1 ? 'it' : 'them'} (Debian/Ubuntu: apt install ffmpeg) via PATH or BVP_FFMPEG. ` +
        'Jobs for those profiles are refused at submit.',
    );
  } else {
    lines.push('All good: every built-in profile can run.');
  }
  return `${lines.join('\n')}\n`;
}

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'check ffmpeg, ffprobe and the encoders the profiles need',
  run,
};
