import { describe, expect, it } from 'vitest';
import { checkCandidate } from '../../src/rules/candidate.ts';
import { configFrom } from './fixtures.ts';

const config = configFrom(`watch:
  - path: ./in
    profile: live-qlab
    output: ./in/_out
    ignore: ["**/drafts/**"]
  - path: ./flat
    recursive: false
    extensions: [mov, .MXF]
    profile: live-qlab
`);
const [deep, flat] = config.watch as [(typeof config.watch)[0], (typeof config.watch)[0]];

describe('checkCandidate', () => {
  it.each([
    ['/show/in/clip.mov', 'clip.mov'],
    ['/show/in/act1/CLIP.MOV', 'act1/CLIP.MOV'],
    ['/show/in/cue.wav', 'cue.wav'],
  ])('accepts %s as %s', (path, relPath) => {
    expect(checkCandidate(deep, path)).toEqual({ ok: true, relPath });
  });

  it.each([
    ['/show/other/clip.mov', /not inside the watch folder/],
    ['/show/in', /not inside the watch folder/],
    ['/show/in/_out/clip.mov', /excluded \(an output or move-to folder\)/],
    ['/show/in/._clip.mov', /ignored by "\.\*"/],
    ['/show/in/.Trashes/clip.mov', /ignored by "\.\*"/],
    ['/show/in/clip.mov.part', /ignored by "\*\.part"/],
    ['/show/in/clip.mov.crdownload', /ignored by "\*\.crdownload"/],
    ['/show/in/~lock.mov', /ignored by "~\*"/],
    ['/show/in/.clip.bvp-tmp-job1.mov', /ignored/],
    ['/show/in/a/drafts/b/clip.mov', /ignored by "\*\*\/drafts\/\*\*"/],
    ['/show/in/notes.txt', /extension \.txt is not watched/],
    ['/show/in/README', /has no extension/],
  ])('passes over %s', (path, reason) => {
    const result = checkCandidate(deep, path);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('stays at the top level of a non-recursive watch and uses its own extensions', () => {
    expect(checkCandidate(flat, '/show/flat/a.mxf')).toEqual({ ok: true, relPath: 'a.mxf' });
    expect(checkCandidate(flat, '/show/flat/sub/a.mov')).toMatchObject({
      ok: false,
      reason: /not recursive/,
    });
    expect(checkCandidate(flat, '/show/flat/a.wav')).toMatchObject({
      ok: false,
      reason: /\.wav is not watched/,
    });
  });
});
