import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCandidateFilter, isInside } from '../../src/watch/candidate-filter.ts';

const root = path.resolve('/shows/watch');
const at = (rel: string) => path.join(root, ...rel.split('/'));

function filterWith(overrides: Partial<Parameters<typeof createCandidateFilter>[0]> = {}) {
  return createCandidateFilter({
    root,
    recursive: true,
    extensions: ['mov', '.MP4', ' wav '],
    ignore: () => false,
    excludeDirs: [at('out')],
    ...overrides,
  });
}

describe('candidate filter', () => {
  it('matches extensions case-insensitively, with or without a dot in the list', () => {
    const filter = filterWith();
    expect(filter.isCandidatePath(at('CLIP.MOV'))).toBe(true);
    expect(filter.isCandidatePath(at('a.mp4'))).toBe(true);
    expect(filter.isCandidatePath(at('b.Wav'))).toBe(true);
    expect(filter.isCandidatePath(at('notes.txt'))).toBe(false);
    expect(filter.isCandidatePath(at('mov'))).toBe(false);
  });

  it('refuses hidden files: AppleDouble, our temp outputs, copy-tool temporaries', () => {
    const filter = filterWith();
    expect(filter.isCandidatePath(at('._clip.mov'))).toBe(false);
    expect(filter.isCandidatePath(at('.clip.bvp-tmp-a1b2.mov'))).toBe(false);
    expect(filter.isCandidatePath(at('.clip.mov.Xy12Ab'))).toBe(false);
    expect(filter.isCandidatePath(at('.hidden/clip.mov'))).toBe(false);
    expect(filter.isPrunedDir(at('.hidden'))).toBe(true);
  });

  it('never descends into an excluded folder nested in the watch folder', () => {
    const filter = filterWith();
    expect(filter.isPrunedDir(at('out'))).toBe(true);
    expect(filter.isPrunedDir(at('out/masters'))).toBe(true);
    expect(filter.isCandidatePath(at('out/clip.mov'))).toBe(false);
    expect(filter.isPrunedDir(at('outgoing'))).toBe(false);
    expect(filter.isCandidatePath(at('outgoing/clip.mov'))).toBe(true);
  });

  it('sees top-level files only when not recursive', () => {
    const filter = filterWith({ recursive: false });
    expect(filter.isCandidatePath(at('clip.mov'))).toBe(true);
    expect(filter.isCandidatePath(at('sub/clip.mov'))).toBe(false);
  });

  it('passes the caller predicate a /-separated relative path and the basename', () => {
    const calls: [string, string][] = [];
    const filter = filterWith({
      ignore: (rel, base) => {
        calls.push([rel, base]);
        return rel.startsWith('rushes/');
      },
    });
    expect(filter.isCandidatePath(at('rushes/day1/a.mov'))).toBe(false);
    expect(filter.isCandidatePath(at('show/a.mov'))).toBe(true);
    expect(calls).toEqual([
      ['rushes/day1/a.mov', 'a.mov'],
      ['show/a.mov', 'a.mov'],
    ]);
  });

  it('keeps the root and its ancestors visible and refuses paths outside the root', () => {
    const filter = filterWith();
    expect(filter.isPrunedPath(root)).toBe(false);
    expect(filter.isPrunedPath(path.dirname(root))).toBe(false);
    expect(filter.isCandidatePath(path.resolve('/elsewhere/clip.mov'))).toBe(false);
    expect(filter.isPrunedDir(path.resolve('/elsewhere'))).toBe(true);
  });

  it('an empty extension list accepts nothing', () => {
    expect(filterWith({ extensions: [] }).isCandidatePath(at('clip.mov'))).toBe(false);
  });
});

describe('isInside', () => {
  it('compares whole path segments', () => {
    expect(isInside(at('out'), at('out'))).toBe(true);
    expect(isInside(at('out'), at('out/a.mov'))).toBe(true);
    expect(isInside(at('out'), at('outgoing/a.mov'))).toBe(false);
    expect(isInside(path.resolve('/'), at('a.mov'))).toBe(true);
  });
});
