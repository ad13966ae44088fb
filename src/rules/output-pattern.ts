/**
 * The placeholders an `output_pattern` may use. `{ext}` is the extension of the profile's container (the output's
 * real type, never the source's); `{source_ext}` is the source's, for names that want to record it.
 */
export const PLACEHOLDERS = [
  'filename',
  'filename_no_ext',
  'stem',
  'ext',
  'source_ext',
  'profile',
  'rel_dir',
  'date',
  'time',
] as const;

export type Placeholder = (typeof PLACEHOLDERS)[number];

/**
 * Problems with a pattern as written, before any file exists: absolute paths and `..` would let ffmpeg write
 * anywhere the service can write, unknown placeholders would be written literally.
 */
export function checkOutputPattern(pattern: string): string[] {
  const problems: string[] = [];
  if (/^[/\\]/.test(pattern) || /^[A-Za-z]:/.test(pattern) || pattern.startsWith('~')) {
    problems.push(`must be relative to the output folder, not absolute ("${pattern}")`);
  }
  if (splitSegments(pattern).includes('..')) {
    problems.push(`must stay inside the output folder: ".." is not allowed ("${pattern}")`);
  }
  for (const match of pattern.matchAll(/\{([^{}]*)\}/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(match[1]!)) {
      problems.push(
        `unknown placeholder {${match[1]}}; known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
      );
    }
  }
  const stripped = pattern.replace(/\{[^{}]*\}/g, '');
  if (/[{}]/.test(stripped)) problems.push(`has an unmatched { or } ("${pattern}")`);
  if (/[/\\]\s*$/.test(pattern)) problems.push('must end with a file name, not a folder separator');
  return problems;
}

/** Both separators count: a pattern is written once and must mean the same on every OS. */
export function splitSegments(pattern: string): string[] {
  return pattern.split(/[/\\]+/);
}

export function fillPlaceholders(pattern: string, values: Readonly<Record<Placeholder, string>>): string {
  return pattern.replace(/\{([^{}]*)\}/g, (whole, name: string) =>
    name in values ? values[name as Placeholder] : whole,
  );
}
