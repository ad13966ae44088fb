import { describe, expect, it } from 'vitest';
import { renderOutputPath } from '../../src/rules/render-output-path.ts';

const QLAB = { name: 'live-qlab', container: 'mov' } as const;
const AUDIO = { name: 'audio-qlab', container: 'wav' } as const;
// 2025-03-01 19:05:09 local time
const NOW = new Date(2025, 2, 1, 19, 5, 9);

function render(
  pattern: string,
  relPath = 'act1/Scene 2.mp4',
  profile: { name: string; container: 'mov' | 'wav' } = QLAB,
) {
  return renderOutputPath({ pattern, outputDir: '/show/out', relPath, profile, now: NOW });
}

describe('renderOutputPath', () => {
  it('mirrors sub-folders with the default pattern', () => {
    expect(render('{rel_dir}/{stem}.{ext}')).toEqual({
      ok: true,
      path: '/show/out/act1/Scene 2.mov',
      warnings: [],
    });
    expect(render('{rel_dir}/{stem}.{ext}', 'top.mp4')).toEqual({
      ok: true,
      path: '/show/out/top.mov',
      warnings: [],
    });
  });

  it('fills every placeholder', () => {
    const result = render('{profile}/{date}/{time}-{filename_no_ext}-{source_ext}-{filename}.{ext}');
    expect(result.ok && result.path).toBe(
      '/show/out/live-qlab/2025-03-01/190509-Scene 2-mp4-Scene 2.mp4.mov',
    );
  });

  it('replaces another media extension with the profile container, and warns', () => {
    const result = render('{filename}');
    expect(result.ok && result.path).toBe('/show/out/Scene 2.mov');
    expect(result.ok && result.warnings).toEqual([
      'output_pattern gives ".mp4" but profile live-qlab writes mov: the output is named "Scene 2.mov"',
    ]);
    const wav = render('{stem}_qlab.mov', 'drum.aif', AUDIO);
    expect(wav.ok && wav.path).toBe('/show/out/drum_qlab.wav');
    expect(wav.ok && wav.warnings).toHaveLength(1);
  });

  it('appends the extension when the name has none, without mangling dotted names', () => {
    expect(render('{stem}', 'show.v2.mp4')).toEqual({
      ok: true,
      path: '/show/out/show.v2.mov',
      warnings: [],
    });
    expect(render('{stem}.MOV', 'a.mp4')).toEqual({ ok: true, path: '/show/out/a.MOV', warnings: [] });
  });

  it('rejects ../ and absolute patterns', () => {
    for (const pattern of ['../x/{stem}.{ext}', 'a/../../x', '/etc/x', 'C:\\x', '..\\x']) {
      const result = render(pattern);
      expect(result.ok, pattern).toBe(false);
      expect(!result.ok && result.error.code).toBe('output.escape');
    }
  });

  it('never lets a source name with a backslash climb out of the output folder', () => {
    // On POSIX `..\evil.mov` is one legal file name; both separators count when rendering.
    expect(render('{rel_dir}/{stem}.{ext}', '..\\evil.mov').ok).toBe(false);
    expect(render('{filename}', '..\\evil.mov')).toMatchObject({ ok: true, path: '/show/out/evil.mov' });
  });

  it('rejects a pattern that renders to the output folder itself', () => {
    expect(render('{rel_dir}', 'top.mov').ok).toBe(false);
  });
});
