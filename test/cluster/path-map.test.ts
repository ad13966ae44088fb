import { describe, expect, it } from 'vitest';
import { mapArgs, mapPath, parsePathMap } from '../../src/cluster/path-map.ts';

describe('path maps', () => {
  const maps = [parsePathMap('/Volumes/Show=/mnt/show'), parsePathMap('/Volumes/Show/masters/=/srv/masters')];

  it('maps by the longest prefix, on a path boundary only', () => {
    expect(mapPath('/Volumes/Show/cue 1 é.mov', maps)).toBe('/mnt/show/cue 1 é.mov');
    expect(mapPath('/Volumes/Show/masters/a.mov', maps)).toBe('/srv/masters/a.mov');
    expect(mapPath('/Volumes/Showreel.mov', maps)).toBe('/Volumes/Showreel.mov');
    expect(mapPath('/elsewhere/a.mov', maps)).toBe('/elsewhere/a.mov');
  });

  it('maps only whole arguments that are paths, leaving options and filters alone', () => {
    expect(
      mapArgs(['-i', '/Volumes/Show/a "b".mov', '-vf', 'scale=1280:-2', '/Volumes/Show/.tmp'], maps),
    ).toEqual(['-i', '/mnt/show/a "b".mov', '-vf', 'scale=1280:-2', '/mnt/show/.tmp']);
  });

  it('refuses a map without both sides, quoting it', () => {
    expect(() => parsePathMap('/Volumes/Show')).toThrow(/--path-map "\/Volumes\/Show" must be FROM=TO/);
    expect(() => parsePathMap('=/mnt')).toThrow(/must be FROM=TO/);
  });
});
