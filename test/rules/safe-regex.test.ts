import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../src/rules/glob.ts';
import { ruleMatcher } from '../../src/rules/rule-matcher.ts';
import { compileSafeRegex } from '../../src/rules/safe-regex.ts';

describe('safe regex (linear time, RE2 syntax)', () => {
  it('answers a catastrophic-backtracking pattern against a long hostile name', () => {
    const result = compileSafeRegex('^(a+)+$');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.matcher.test(`${'a'.repeat(10_000)}!.mov`)).toBe(false);
    expect(result.matcher.test('a'.repeat(10_000))).toBe(true);
  });

  it('searches like RegExp.test and ignores case unless asked', () => {
    const loose = compileSafeRegex('^masters/.*\\.mov$');
    const strict = compileSafeRegex('^masters/.*\\.mov$', { caseSensitive: true });
    expect(loose.ok && loose.matcher.test('MASTERS/a.MOV')).toBe(true);
    expect(strict.ok && strict.matcher.test('MASTERS/a.MOV')).toBe(false);
    const partial = compileSafeRegex('final');
    expect(partial.ok && partial.matcher.test('day1/final_cut.mov')).toBe(true);
  });

  it('refuses what RE2 cannot run (backreferences, lookaround) with the reason', () => {
    for (const pattern of ['(a)\\1', '(?=a)b', '(?<!x)y']) {
      const result = compileSafeRegex(pattern);
      expect(result.ok, pattern).toBe(false);
      if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
    }
  });

  it('a rule with such a pattern is a config error naming the rule and the pattern', () => {
    expect(() =>
      ruleMatcher({
        name: 'echo',
        pattern: '(a)\\1',
        pattern_type: 'regex',
        case_sensitive: false,
      } as Parameters<typeof ruleMatcher>[0]),
    ).toThrow(/Rule echo: regular expression "\(a\)\\1" cannot be used/);
  });

  it('bounds globs: too long or too deeply nested braces are refused', () => {
    expect(compileGlob('x'.repeat(5000)).ok).toBe(false);
    expect(compileGlob(`${'{a,'.repeat(9)}b${'}'.repeat(9)}`).ok).toBe(false);
    expect(compileGlob(`${'{a,'.repeat(3)}b${'}'.repeat(3)}`).ok).toBe(true);
    const deep = compileGlob(`${'**/'.repeat(50)}x.mov`);
    expect(deep.ok && deep.regex.test(`${'a/'.repeat(200)}y.mov`)).toBe(false);
  });
});
