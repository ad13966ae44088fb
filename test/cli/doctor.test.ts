import { chmod, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../src/cli/commands/doctor.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

function fakeIo(
  env: Record<string, string | undefined> = {},
): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: { PATH: process.env.PATH, ...env },
    cwd: process.cwd(),
    signal: new AbortController().signal,
    out: () => out,
    err: () => err,
  };
}

let dir: TempDir;
let fakeFfmpeg: string;

beforeAll(async () => {
  dir = await makeTempDir('bvp-doctor-');
  // A build without libx265: the one fault real ffmpeg here cannot show.
  fakeFfmpeg = dir.join('ffmpeg');
  await writeFile(
    fakeFfmpeg,
    `#!/bin/sh
case "$*" in
  *-encoders*) printf 'Encoders:\\n V..... = Video\\n ------\\n V....D libx264              libx264 H.264\\n VFS... prores_ks            Apple ProRes\\n A..... aac                  AAC\\n A....D pcm_s24le            PCM signed 24-bit little-endian\\n' ;;
  *-version*) echo 'ffmpeg version 9.9-fake Copyright (c) 2000-2026 the FFmpeg developers' ;;
  *) exit 1 ;;
esac
`,
  );
  await chmod(fakeFfmpeg, 0o755);
});
afterAll(async () => {
  await dir.cleanup();
});

describe('bvp doctor', () => {
  it('exits 0 when the system ffmpeg has every encoder the profiles need', async () => {
    const io = fakeIo();
    expect(await doctorCommand.run([], io)).toBe(0);
    expect(io.out()).toMatch(/^ffmpeg +\/\S*ffmpeg +\(from PATH\) +version \S+/m);
    expect(io.out()).toMatch(/^ffprobe +\/\S*ffprobe +\(from PATH\)/m);
    for (const name of ['libx264', 'libx265', 'prores_ks', 'aac', 'pcm_s24le']) {
      expect(io.out()).toMatch(new RegExp(`^  ok +${name} `, 'm'));
    }
    expect(io.out()).toContain('All good');
    for (const name of ['hap', 'hap-q', 'prores-4444', 'dnxhr-hqx', 'loop-hevc']) {
      expect(io.out()).toMatch(new RegExp(`^  ok +${name}$`, 'm'));
    }
  });

  it('exits 1 and names libx265 when BVP_FFMPEG points at a build without it', async () => {
    const io = fakeIo({ BVP_FFMPEG: fakeFfmpeg });
    expect(await doctorCommand.run([], io)).toBe(1);
    expect(io.out()).toContain(`${fakeFfmpeg}  (from environment)  version 9.9-fake`);
    expect(io.out()).toMatch(
      /^ {2}MISSING +libx265 +live-linux-hevc-mkv, stream-hd, stream-4k, archival-linux-mkv, loop-hevc$/m,
    );
    expect(io.out()).toMatch(/Missing encoders: dnxhd, hap, libx265/);
    expect(io.out()).toMatch(/^ {2}NO +hap-alpha +needs hap$/m);
    expect(io.out()).toMatch(/^ {2}ok +live-qlab$/m);
    expect(io.out()).toMatch(/different builds/);
  });

  it('reports JSON with the source of each binary and the encoder verdicts', async () => {
    const io = fakeIo({ BVP_FFMPEG: fakeFfmpeg });
    expect(await doctorCommand.run(['--json'], io)).toBe(1);
    const report = JSON.parse(io.out());
    expect(report.ok).toBe(false);
    expect(report.ffmpeg).toEqual({ path: fakeFfmpeg, source: 'env', version: '9.9-fake', error: null });
    expect(report.ffprobe.source).toBe('path');
    expect(report.encoders).toContainEqual({
      name: 'libx265',
      available: false,
      profiles: ['live-linux-hevc-mkv', 'stream-hd', 'stream-4k', 'archival-linux-mkv', 'loop-hevc'],
    });
    const hap = report.profiles.find((p: { name: string }) => p.name === 'hap');
    expect(hap).toMatchObject({ runnable: false, missing: ['hap'] });
    expect(hap.reason).toMatch(
      /lacks the hap encoder profile "hap" needs: the npm-bundled ffmpeg has no HAP/,
    );
    expect(report.encoders.filter((e: { available: boolean }) => e.available)).toHaveLength(4);
  });

  it('exits 1 naming the path when BVP_FFMPEG does not exist', async () => {
    const io = fakeIo({ BVP_FFMPEG: dir.join('nope') });
    expect(await doctorCommand.run([], io)).toBe(1);
    expect(io.out()).toContain(dir.join('nope'));
    expect(io.out()).toMatch(/^ffmpeg +not found/m);
  });

  it('prints usage for --help and exits 2 for an unknown flag', async () => {
    const help = fakeIo();
    expect(await doctorCommand.run(['--help'], help)).toBe(0);
    expect(help.out()).toMatch(/^Usage: bvp doctor/);
    const bad = fakeIo();
    expect(await doctorCommand.run(['--frobnicate'], bad)).toBe(2);
    expect(bad.err()).toMatch(/--frobnicate/);
    expect(bad.out()).toBe('');
  });
});
