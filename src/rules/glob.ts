import { compileSafeRegex, MAX_PATTERN_LENGTH, type TextMatcher } from './safe-regex.ts';

export type GlobResult = { ok: true; regex: TextMatcher } | { ok: false; message: string };

/** `{` inside `{` this deep is a typo or an attack, not a folder layout. */
const MAX_BRACE_DEPTH = 8;

/**
 * A small glob → RegExp compiler. node's `path.matchesGlob` is experimental on Node 20 and differs on Deno, and a
 * rule must mean the same thing on both, so the semantics are ours and tested:
 *
 * - matched against the whole path relative to the watch folder, with `/` separators
 * - `*` any run of characters within one folder; `?` one character within one folder
 * - `**` as a whole segment crosses folders: `**` + `/x` also matches `x`; `a/**` matches everything below `a`
 * - `{a,b}` alternatives (nestable), `[abc]` / `[a-z]` / `[!a]` classes, `\` escapes the next character
 * - case-insensitive unless asked (`*.mov` must match `CLIP.MOV`: cameras write upper case)
 * - run by a linear-time engine (safe-regex.ts), and bounded in length and brace depth: no glob can freeze a scan
 *
 * @example
 * compileGlob('clips/*.{mov,mp4}').ok; // true
 */
export function compileGlob(pattern: string, options: { caseSensitive?: boolean } = {}): GlobResult {
  const glob = pattern.normalize('NFC');
  if (glob.length > MAX_PATTERN_LENGTH) {
    return { ok: false, message: `is ${glob.length} characters long (at most ${MAX_PATTERN_LENGTH})` };
  }
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '\\') {
      if (i + 1 >= glob.length) return { ok: false, message: 'ends with a lone \\ (escape of nothing)' };
      out += escapeRegex(glob[++i]!);
    } else if (ch === '*') {
      let end = i;
      while (glob[end + 1] === '*') end++;
      const wholeSegment =
        end > i && (i === 0 || glob[i - 1] === '/') && (end + 1 === glob.length || glob[end + 1] === '/');
      if (wholeSegment && end + 1 === glob.length) out += '.*';
      else if (wholeSegment) {
        out += '(?:[^/]*/)*';
        end++; // the `/` after `**` belongs to the group, so `**/x` matches `x` too
      } else out += '[^/]*';
      i = end;
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const close = findClassEnd(glob, i);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      const safe = body.replace(/[\\^[\]]/g, (m) => `\\${m}`);
      out += negate ? `[^/${safe}]` : `[${safe}]`;
      i = close;
    } else if (ch === '{') {
      if (++depth > MAX_BRACE_DEPTH)
        return { ok: false, message: `nests { more than ${MAX_BRACE_DEPTH} deep` };
      out += '(?:';
    } else if (ch === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (ch === ',' && depth > 0) {
      out += '|';
    } else {
      out += escapeRegex(ch);
    }
  }
  if (depth > 0) return { ok: false, message: 'has a { without its closing }' };
  const compiled = compileSafeRegex(`^${out}$`, options);
  return compiled.ok ? { ok: true, regex: compiled.matcher } : compiled;
}

/** A `]` right after `[` or `[!` is a member, as in POSIX. Returns -1 when the class never closes. */
function findClassEnd(glob: string, open: number): number {
  let j = open + 1;
  if (glob[j] === '!' || glob[j] === '^') j++;
  if (glob[j] === ']') j++;
  for (; j < glob.length; j++) {
    if (glob[j] === ']') return j;
    if (glob[j] === '/') return -1;
  }
  return -1;
}

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
