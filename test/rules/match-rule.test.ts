import { describe, expect, it } from 'vitest';
import { matchRule } from '../../src/rules/match-rule.ts';
import { rule, watchWith } from './fixtures.ts';

const name = (result: ReturnType<typeof matchRule>) => (result.ok ? result.rule.name : null);

describe('matchRule', () => {
  it('matches CLIP.MOV with *.mov (globs ignore case)', () => {
    expect(name(matchRule(watchWith([rule({ pattern: '*.mov' })]), 'CLIP.MOV'))).toBe('*.mov');
  });

  it('honours case_sensitive: true', () => {
    const watch = watchWith([rule({ pattern: '*.mov', case_sensitive: true })]);
    expect(matchRule(watch, 'CLIP.MOV').ok).toBe(false);
  });

  it('keeps * within one folder and lets ** cross folders, with a hint when that is why nothing matched', () => {
    const flat = watchWith([rule({ pattern: '*.mov' })]);
    const deep = watchWith([rule({ pattern: '**/*.mov' })]);
    const miss = matchRule(flat, 'act1/clip.mov');
    expect(miss.ok).toBe(false);
    expect(!miss.ok && miss.reason).toMatch(
      /"\*\.mov" matches only files directly in the watch folder, "\*\*\/\*\.mov"/,
    );
    expect(name(matchRule(deep, 'act1/clip.mov'))).toBe('**/*.mov');
    expect(name(matchRule(deep, 'clip.mov'))).toBe('**/*.mov');
  });

  it('searches regexes in the relative path, ignoring case unless asked', () => {
    const watch = watchWith([rule({ name: 'rec', pattern: '^REC_\\d{4}\\.mov$', pattern_type: 'regex' })]);
    expect(name(matchRule(watch, 'rec_0001.MOV'))).toBe('rec');
    expect(matchRule(watch, 'sub/REC_0001.mov').ok).toBe(false);
    const sensitive = watchWith([rule({ pattern: 'REC', pattern_type: 'regex', case_sensitive: true })]);
    expect(matchRule(sensitive, 'rec.mov').ok).toBe(false);
    expect(matchRule(sensitive, 'a/REC.mov').ok).toBe(true);
  });

  it('matches exact names on the file name, or the relative path when the pattern has a /', () => {
    const byName = watchWith([rule({ pattern: 'Opening.mov', pattern_type: 'exact' })]);
    expect(matchRule(byName, 'act1/OPENING.MOV').ok).toBe(true);
    expect(matchRule(byName, 'act1/Opening.mov.bak').ok).toBe(false);
    const byPath = watchWith([rule({ pattern: 'act1/Opening.mov', pattern_type: 'exact' })]);
    expect(matchRule(byPath, 'act1/opening.mov').ok).toBe(true);
    expect(matchRule(byPath, 'act2/opening.mov').ok).toBe(false);
  });

  it('compares in NFC, so a macOS (NFD) file name matches the pattern as typed', () => {
    const watch = watchWith([rule({ pattern: 'Café*.mov'.normalize('NFC') })]);
    expect(matchRule(watch, 'café 1.mov'.normalize('NFD')).ok).toBe(true);
  });

  it('tries the highest priority first, then the order written', () => {
    const watch = watchWith([
      rule({ name: 'any-low', pattern: '**', priority: 0 }),
      rule({ name: 'mov-first', pattern: '**/*.mov', priority: 10 }),
      rule({ name: 'mov-second', pattern: '**/*.mov', priority: 10 }),
      rule({ name: 'master', pattern: '**/*_master.mov', priority: 20 }),
    ]);
    expect(name(matchRule(watch, 'x_master.mov'))).toBe('master');
    expect(name(matchRule(watch, 'x.mov'))).toBe('mov-first');
    expect(name(matchRule(watch, 'x.wav'))).toBe('any-low');
  });

  it('says what was tried when nothing matches', () => {
    const result = matchRule(
      watchWith([rule({ pattern: '*.mov' }), rule({ pattern: 'x', pattern_type: 'regex' })]),
      'a.wav',
    );
    expect(result).toEqual({ ok: false, reason: 'no rule matches "a.wav" (tried glob "*.mov", regex "x")' });
  });
});
