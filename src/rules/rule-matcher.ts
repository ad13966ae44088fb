import type { RuleConfig } from '../config/types.ts';
import { BvpError } from '../errors.ts';
import { compileGlob } from './glob.ts';
import { compileSafeRegex, type TextMatcher } from './safe-regex.ts';

export type PathMatcher = (relPath: string) => boolean;

const cache = new WeakMap<RuleConfig, PathMatcher>();

/**
 * One rule's pattern as a function of the source path relative to its watch folder (`/`-separated).
 * - glob: the whole relative path (see glob.ts)
 * - regex: searched in the relative path (anchor with ^ and $ to match all of it); RE2 syntax, linear time
 * - exact: equal to the relative path, or to the file name when the pattern has no `/`
 * All three ignore case unless `case_sensitive: true`, and compare in Unicode NFC (macOS writes names in NFD).
 * Compiled once per rule; a config that passed validation always compiles.
 */
export function ruleMatcher(rule: RuleConfig): PathMatcher {
  const cached = cache.get(rule);
  if (cached) return cached;
  const matcher = compile(rule);
  cache.set(rule, matcher);
  return matcher;
}

function compile(rule: RuleConfig): PathMatcher {
  const sensitive = rule.case_sensitive;
  if (rule.pattern_type === 'exact') {
    const fold = (s: string) => (sensitive ? s.normalize('NFC') : s.normalize('NFC').toLowerCase());
    const wanted = fold(rule.pattern.replace(/\\/g, '/').replace(/^\.\//, ''));
    const whole = wanted.includes('/');
    return (relPath) => fold(whole ? relPath : (relPath.split('/').pop() ?? '')) === wanted;
  }
  let regex: TextMatcher;
  if (rule.pattern_type === 'regex') {
    // Linear time whatever the pattern and the name (safe-regex.ts); what RE2 cannot run is refused.
    const result = compileSafeRegex(rule.pattern.normalize('NFC'), { caseSensitive: sensitive });
    if (!result.ok) {
      throw new BvpError(
        'config.invalid',
        `Rule ${rule.name}: regular expression "${rule.pattern}" cannot be used: ${result.message}`,
        { details: { rule: rule.name, pattern: rule.pattern } },
      );
    }
    regex = result.matcher;
  } else {
    const result = compileGlob(rule.pattern, { caseSensitive: sensitive });
    if (!result.ok) throw new BvpError('config.invalid', `Rule ${rule.name}: bad glob: it ${result.message}`);
    regex = result.regex;
  }
  return (relPath) => regex.test(relPath.normalize('NFC'));
}
