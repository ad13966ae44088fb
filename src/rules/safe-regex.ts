import { RE2JS } from 're2js';

/** A compiled pattern: `test` searches the text, like RegExp.prototype.test, in time linear in its length. */
export interface TextMatcher {
  readonly source: string;
  test(text: string): boolean;
}

export type SafeRegexResult = { ok: true; matcher: TextMatcher } | { ok: false; message: string };

/** Longer patterns are refused: nobody writes a 4 KiB file-name rule on purpose, and compile cost grows with size. */
export const MAX_PATTERN_LENGTH = 4096;

/**
 * Compiles an operator's pattern with RE2 semantics (re2js, pure JavaScript, same on Node and Deno): matching takes
 * time linear in the file name, so no rule and no name — `^(a+)+$` against `aaaa…a!` — can freeze the service.
 * The price is RE2's syntax: no backreferences (`\1`) and no lookaround (`(?=`, `(?<!`); such patterns are refused
 * with RE2's reason rather than run with a backtracking engine.
 *
 * @example
 * const r = compileSafeRegex('^masters/.*\\.mov$', { caseSensitive: false });
 * r.ok && r.matcher.test('MASTERS/a.MOV'); // true
 */
export function compileSafeRegex(
  pattern: string,
  options: { caseSensitive?: boolean } = {},
): SafeRegexResult {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, message: `is ${pattern.length} characters long (at most ${MAX_PATTERN_LENGTH})` };
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, options.caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    return { ok: false, message: why };
  }
  return { ok: true, matcher: { source: pattern, test: (text) => compiled.matcher(text).find() } };
}
