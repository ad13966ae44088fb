import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../src/rules/glob.ts';

function matches(glob: string, path: string, caseSensitive = false): boolean {
  const result = compileGlob(glob, { caseSensitive });
  if (!result.ok) throw new Error(result.message);
  return result.regex.test(path);
}

describe('compileGlob', () => {
  it.each([
    // #10: *.mov must match CLIP.MOV
    ['*.mov', 'CLIP.MOV', true],
    ['*.mov', 'clip.mov', true],
    ['*.mov', 'clip.mp4', false],
    // * stays within one folder, ** crosses folders
    ['*.mov', 'day1/clip.mov', false],
    ['**/*.mov', 'day1/clip.mov', true],
    ['**/*.mov', 'a/b/c/clip.mov', true],
    ['**/*.mov', 'clip.mov', true],
    ['day1/*.mov', 'day1/clip.mov', true],
    ['day1/*.mov', 'day1/sub/clip.mov', false],
    ['day1/**', 'day1/sub/clip.mov', true],
    ['day1/**', 'day2/clip.mov', false],
    ['**', 'a/b.mov', true],
    ['a**b', 'a/x/b', false],
    ['a**b', 'axxb', true],
    // ? is one character, not a separator
    ['clip?.mov', 'clip1.mov', true],
    ['clip?.mov', 'clip12.mov', false],
    ['a?b', 'a/b', false],
    // alternatives, nested
    ['*.{mov,mp4}', 'x.MP4', true],
    ['*.{mov,mp4}', 'x.mkv', false],
    ['{act1,act2/{a,b}}/*.mov', 'act2/b/x.mov', true],
    ['{act1,act2/{a,b}}/*.mov', 'act2/c/x.mov', false],
    // classes
    ['take[0-9].mov', 'take7.mov', true],
    ['take[!0-9].mov', 'takeX.mov', true],
    ['take[!0-9].mov', 'take7.mov', false],
    // regex characters are literal
    ['clip (final).mov', 'clip (final).mov', true],
    ['a+b.mov', 'aab.mov', false],
    ['[broken', '[broken', true],
    ['\\*.mov', '*.mov', true],
    ['\\*.mov', 'x.mov', false],
  ] as const)('%s vs %s → %s', (glob, path, expected) => {
    expect(matches(glob, path)).toBe(expected);
  });

  it('is case-sensitive only when asked', () => {
    expect(matches('*.mov', 'CLIP.MOV', true)).toBe(false);
    expect(matches('*.MOV', 'CLIP.MOV', true)).toBe(true);
  });

  it('rejects an unclosed brace and a trailing escape', () => {
    expect(compileGlob('*.{mov,mp4')).toEqual({ ok: false, message: 'has a { without its closing }' });
    expect(compileGlob('x\\').ok).toBe(false);
  });
});
