import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { BvpError } from '../errors.ts';

export type BinarySource = 'config' | 'env' | 'path' | 'bundled';
export type BinaryName = 'ffmpeg' | 'ffprobe';

export interface ResolvedBinary {
  path: string;
  source: BinarySource;
}

export interface FfmpegBinaries {
  ffmpeg: ResolvedBinary;
  ffprobe: ResolvedBinary;
}

/** Finds the npm-bundled binary; returns null when the optional dependency is not installed. */
export type BundledLookup = (name: BinaryName) => Promise<string | null>;

export interface ResolveFfmpegOptions {
  /** From the config file. A bare name ("ffmpeg") is looked up on PATH; anything else is a path. */
  ffmpeg?: string;
  ffprobe?: string;
  /** Defaults to process.env; BVP_FFMPEG / BVP_FFPROBE and PATH are read from it. */
  env?: Record<string, string | undefined>;
  /** Tests replace the optional-dependency lookup; production uses the @ffmpeg-installer packages. */
  bundled?: BundledLookup;
}

const ENV_KEYS: Record<BinaryName, string> = { ffmpeg: 'BVP_FFMPEG', ffprobe: 'BVP_FFPROBE' };
const BUNDLED_PACKAGES: Record<BinaryName, string> = {
  ffmpeg: '@ffmpeg-installer/ffmpeg',
  ffprobe: '@ffprobe-installer/ffprobe',
};

/**
 * Resolves both binaries: config path → env BVP_FFMPEG/BVP_FFPROBE → PATH → the bundled npm packages.
 * Each binary is resolved on its own (a configured ffmpeg with ffprobe from PATH is fine). Not cached: it is a few
 * stat calls, and a cache would hide a binary that was installed or removed while the service runs.
 *
 * @example
 * const { ffmpeg, ffprobe } = await resolveFfmpeg({ env: process.env });
 * // ffmpeg.path === '/usr/bin/ffmpeg', ffmpeg.source === 'path'
 */
export async function resolveFfmpeg(options: ResolveFfmpegOptions = {}): Promise<FfmpegBinaries> {
  const [ffmpeg, ffprobe] = await Promise.all([
    resolveBinary('ffmpeg', options),
    resolveBinary('ffprobe', options),
  ]);
  return { ffmpeg, ffprobe };
}

/** Resolves one binary; `bvp analyze` needs only ffprobe and must not fail because ffmpeg is missing. */
export async function resolveBinary(
  name: BinaryName,
  options: ResolveFfmpegOptions = {},
): Promise<ResolvedBinary> {
  const env = options.env ?? process.env;
  const configured = options[name];
  if (configured) return { path: await explicitBinary(configured, `config ${name}`, env), source: 'config' };

  const fromEnv = env[ENV_KEYS[name]];
  if (fromEnv) return { path: await explicitBinary(fromEnv, ENV_KEYS[name], env), source: 'env' };

  const onPath = await findOnPath(name, env);
  if (onPath) return { path: onPath, source: 'path' };

  const bundled = await (options.bundled ?? importBundled)(name);
  if (bundled && (await isExecutable(bundled))) return { path: bundled, source: 'bundled' };

  const hint = bundled
    ? ` The bundled ${name} at ${bundled} is not executable (chmod +x it).`
    : ` The optional package ${BUNDLED_PACKAGES[name]} is not installed.`;
  throw new BvpError(
    'ffmpeg.missing',
    `${name} not found.${hint} Install ffmpeg (e.g. apt install ffmpeg), set ${ENV_KEYS[name]} to its path, ` +
      `or set ${name} in the config file.`,
    { details: { binary: name } },
  );
}

// A path the operator named must exist: silently using another ffmpeg would hide a typo until show day.
async function explicitBinary(
  value: string,
  origin: string,
  env: Record<string, string | undefined>,
): Promise<string> {
  const bareName = !value.includes('/') && !value.includes(path.sep);
  const found = bareName ? await findOnPath(value, env) : await executableOrNull(path.resolve(value));
  if (found) return found;
  throw new BvpError(
    'ffmpeg.missing',
    bareName
      ? `${origin} is "${value}", which is not on PATH. Give the full path, or fix ${origin}.`
      : `${origin} points to ${path.resolve(value)}, which does not exist or is not executable. ` +
          `Fix the path, or remove ${origin} to use ffmpeg from PATH.`,
    { details: { path: value, origin } },
  );
}

async function findOnPath(name: string, env: Record<string, string | undefined>): Promise<string | null> {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((dir) => dir !== '');
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
  for (const dir of dirs) {
    for (const candidate of names) {
      const found = await executableOrNull(path.resolve(dir, candidate));
      if (found) return found;
    }
  }
  return null;
}

async function executableOrNull(file: string): Promise<string | null> {
  return (await isExecutable(file)) ? file : null;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// Dynamic import: the packages are optionalDependencies and throw at import time on unsupported platforms.
async function importBundled(name: BinaryName): Promise<string | null> {
  try {
    const mod: unknown = await import(BUNDLED_PACKAGES[name]);
    const found = pathOf(mod) ?? pathOf((mod as { default?: unknown }).default);
    return found;
  } catch {
    return null;
  }
}

function pathOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const p = (value as { path?: unknown }).path;
  return typeof p === 'string' ? p : null;
}
