import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../src/profiles/schema.ts';
import {
  extractProfileTable,
  PROFILE_TABLE_END,
  PROFILE_TABLE_START,
  renderProfileTable,
  replaceProfileTable,
} from '../../src/profiles/table.ts';
import { BUILTIN_PROFILES } from '../../src/profiles/validate.ts';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const builtin = (name: string): Profile => BUILTIN_PROFILES.find((p) => p.name === name)!;

describe('renderProfileTable', () => {
  it('renders one row per profile with what an operator needs to pick one', () => {
    const table = renderProfileTable([builtin('live-qlab'), builtin('audio-qlab'), builtin('stream-hd')]);
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toBe('| name | container | video | audio | keyframes | use |');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toContain(
      '| `live-qlab` | .mov | ProRes Proxy, yuv422p10le | PCM 24-bit 48 kHz, all tracks |',
    );
    expect(lines[2]).toContain('| every frame (all-intra) |');
    expect(lines[3]).toContain('| `audio-qlab` | .wav | — | PCM 24-bit 48 kHz, first track | — |');
    expect(lines[4]).toContain('HEVC CRF 23 ≤ 8Mb/s (buffer 16M), yuv420p, within 1920×1080, hvc1');
    expect(lines[4]).toContain('| exactly every 2 s |');
  });

  it('escapes pipes in descriptions', () => {
    const table = renderProfileTable([{ ...builtin('live-qlab'), description: 'a | b' }]);
    expect(table).toContain('a \\| b');
  });

  it('says when a profile normalises loudness and writes a sidecar WAV', () => {
    const base = builtin('live-qlab');
    const table = renderProfileTable([
      {
        ...base,
        audio: { ...base.audio!, sidecar_wav: true },
        loudness: { target_lufs: -23, true_peak_db: -1, lra: 11, normalize: true },
      },
    ]);
    expect(table).toContain('all tracks, normalised to -23 LUFS, + sidecar WAV');
  });
});

describe('replaceProfileTable', () => {
  it('replaces only the text between the markers', () => {
    const doc = `# T\n\n${PROFILE_TABLE_START}\nold\n${PROFILE_TABLE_END}\ntail\n`;
    const next = replaceProfileTable(doc, 'new\n');
    expect(next).toBe(`# T\n\n${PROFILE_TABLE_START}\nnew\n${PROFILE_TABLE_END}\ntail\n`);
    expect(extractProfileTable(next!)).toBe('new\n');
    expect(replaceProfileTable('# no markers', 'x')).toBeNull();
  });
});

describe('README profile table', () => {
  it('matches the built-in catalogue', async () => {
    const expected = renderProfileTable(BUILTIN_PROFILES);
    const readme = await readFile(README, 'utf8');
    // BVP_UPDATE_README=1 rewrites the section in place, like a snapshot update.
    if (process.env.BVP_UPDATE_README === '1') {
      const next = replaceProfileTable(readme, expected);
      if (next !== null && next !== readme) await writeFile(README, next);
      return;
    }
    const actual = extractProfileTable(readme);
    expect(
      actual,
      `README.md lacks the ${PROFILE_TABLE_START} … ${PROFILE_TABLE_END} section`,
    ).not.toBeNull();
    expect(
      actual,
      'README.md profile table is out of date with src/profiles/catalogue.ts. Regenerate it with\n' +
        '  BVP_UPDATE_README=1 npx vitest run test/profiles/table.test.ts\n' +
        `or paste this between the markers:\n\n${expected}`,
    ).toBe(expected);
  });
});
