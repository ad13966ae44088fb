import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { DEFAULT_EXTENSIONS } from '../config/defaults.ts';
import { BvpError } from '../errors.ts';
import { CONTAINERS, type Profile } from '../profiles/schema.ts';
import { checkOutputPattern, fillPlaceholders, splitSegments } from './output-pattern.ts';

export interface RenderOutputInput {
  pattern: string;
  /** Absolute output folder; the result always lies inside it. */
  outputDir: string;
  /** Source path relative to its watch folder, `/`-separated. */
  relPath: string;
  profile: Pick<Profile, 'name' | 'container'>;
  /** Local wall-clock time for {date} and {time}. */
  now: Date | number;
  /** The last segment of `relPath` is a name without extension (a folder: `show.v2` stays the stem). */
  wholeName?: boolean;
}

export type RenderOutputResult =
  | { ok: true; path: string; warnings: string[] }
  | { ok: false; error: BvpError };

const MEDIA_EXTENSIONS = new Set<string>([...DEFAULT_EXTENSIONS, ...CONTAINERS]);

/**
 * The absolute output path for one source. The extension is always the profile's container: a pattern that
 * yields another media extension gets it replaced (with a warning), one that yields none gets it appended, so
 * "ProRes into .mp4" cannot happen by naming. Never returns a path outside `outputDir`, whatever the pattern or file name.
 */
export function renderOutputPath(input: RenderOutputInput): RenderOutputResult {
  const problems = checkOutputPattern(input.pattern);
  if (problems.length > 0) return escaped(`output_pattern ${problems.join('; ')}`);
  const rel = input.relPath
    .split(/[/\\]+/)
    .filter(Boolean)
    .join('/');
  const file = basename(rel);
  const sourceExt = input.wholeName ? '' : extname(file);
  const stem = sourceExt ? file.slice(0, -sourceExt.length) : file;
  const relDir = dirname(rel) === '.' ? '' : dirname(rel);
  const ext = input.profile.container;
  const rendered = fillPlaceholders(input.pattern, {
    filename: file,
    filename_no_ext: stem,
    stem,
    ext,
    source_ext: sourceExt.slice(1),
    profile: input.profile.name,
    rel_dir: relDir,
    ...stamp(input.now),
  });
  const segments = splitSegments(rendered).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..') || segments.length === 0) return escaped(`output_pattern gives "${rendered}"`);

  const warnings: string[] = [];
  const last = segments[segments.length - 1]!;
  const dot = last.lastIndexOf('.');
  const current = dot > 0 ? last.slice(dot + 1) : '';
  if (current.toLowerCase() !== ext) {
    if (MEDIA_EXTENSIONS.has(current.toLowerCase())) {
      segments[segments.length - 1] = `${last.slice(0, dot)}.${ext}`;
      warnings.push(
        `output_pattern gives ".${current}" but profile ${input.profile.name} writes ${ext}: the output is named "${segments[segments.length - 1]}"`,
      );
    } else {
      // `show.v2` has no media extension: keep the whole name and add the real one.
      segments[segments.length - 1] = `${last}.${ext}`;
    }
  }
  const outputDir = resolve(input.outputDir);
  const path = join(outputDir, ...segments);
  const inside = relative(outputDir, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    return escaped(`output path "${path}" is not inside the output folder ${outputDir}`);
  }
  return { ok: true, path, warnings };
}

function escaped(message: string): RenderOutputResult {
  return { ok: false, error: new BvpError('output.escape', message) };
}

function stamp(now: Date | number): { date: string; time: string } {
  const d = typeof now === 'number' ? new Date(now) : now;
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`,
    time: `${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`,
  };
}
