import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createProfileRegistry } from '../../src/profiles/registry.ts';
import { BUILTIN_TARGETS } from '../../src/targets/catalogue.ts';
import {
  extractTargetTable,
  renderTargetTable,
  replaceTargetTable,
  TARGET_TABLE_END,
  TARGET_TABLE_START,
} from '../../src/targets/table.ts';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const DECODED: Record<string, string> = {
  prores_ks: 'prores',
  libx264: 'h264',
  libx265: 'hevc',
  hap: 'hap',
  dnxhd: 'dnxhd',
};

describe('target catalogue', () => {
  it('recommends only built-in profiles whose video codec the target plays', () => {
    const registry = createProfileRegistry();
    for (const target of BUILTIN_TARGETS) {
      for (const name of target.profiles) {
        const profile = registry.get(name);
        expect(profile, `${target.name} recommends unknown profile ${name}`).toBeDefined();
        const codec = DECODED[profile!.video!.codec];
        expect(
          target.video.map((r) => r.codec),
          `${target.name}: ${name}`,
        ).toContain(codec);
      }
    }
  });
});

describe('README "Which profile for which player" table', () => {
  it('renders one row per target', () => {
    const lines = renderTargetTable().trimEnd().split('\n');
    expect(lines).toHaveLength(2 + BUILTIN_TARGETS.length);
    expect(lines.find((l) => l.startsWith('| `disguise` |'))).toContain('pcm_s16le; 44.1 kHz; ≤ 2 ch');
    expect(lines.find((l) => l.startsWith('| `watchout7` |'))).toContain(
      'h264 (level ≤ 5.2, GOP ≤ 1 s, no B-frames, CFR)',
    );
  });

  it('matches the target catalogue', async () => {
    const expected = renderTargetTable();
    const readme = await readFile(README, 'utf8');
    // BVP_UPDATE_README=1 rewrites the section in place, like a snapshot update.
    if (process.env.BVP_UPDATE_README === '1') {
      const next = replaceTargetTable(readme, expected);
      if (next !== null && next !== readme) await writeFile(README, next);
      return;
    }
    const actual = extractTargetTable(readme);
    expect(actual, `README.md lacks the ${TARGET_TABLE_START} … ${TARGET_TABLE_END} section`).not.toBeNull();
    expect(
      actual,
      'README.md target table is out of date with src/targets/catalogue.ts. Regenerate it with\n' +
        '  BVP_UPDATE_README=1 npx vitest run test/targets/table.test.ts',
    ).toBe(expected);
  });
});
