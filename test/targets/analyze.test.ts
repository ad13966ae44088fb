import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCommand } from '../../src/cli/commands/analyze.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

function fakeIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: { PATH: process.env.PATH },
    cwd: process.cwd(),
    signal: new AbortController().signal,
    out: () => out,
    err: () => err,
  };
}

let dir: TempDir;
let ready: string;
let notReady: string;

// Two H.264 files: one as Watchout 7 wants it (1 s closed GOP, no B-frames), one as a camera or an editor
// delivers it (B-frames, a 10 s GOP).
async function h264(name: string, extra: string[]): Promise<string> {
  const file = dir.join(name);
  await execa('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=3'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', ...extra, file],
  ]);
  return file;
}

beforeAll(async () => {
  dir = await makeTempDir('bvp-analyze-target-');
  ready = await h264('ready.mp4', ['-bf', '0', '-g', '25', '-sc_threshold', '0']);
  notReady = await h264('not-ready.mp4', ['-bf', '2', '-g', '250']);
});
afterAll(() => dir?.cleanup());

describe('bvp analyze --target', () => {
  it('says READY check by check for a file that plays there', async () => {
    const io = fakeIo();
    expect(await analyzeCommand.run([ready, '--target', 'watchout7'], io)).toBe(0);
    const report = io.out().slice(io.out().indexOf('target watchout7'));
    expect(report).toBe(
      [
        'target watchout7 (Watchout 7): READY',
        '  ok   video.codec: h264',
        '  ok   video.level: 1.2',
        '  ok   video.bframes: none',
        '  ok   video.frame_rate: constant',
        '  ok   video.gop: 1 s',
        '',
      ].join('\n'),
    );
  });

  it('says NOT READY, which checks fail, and what the loop profile would change', async () => {
    const io = fakeIo();
    expect(await analyzeCommand.run([notReady, '-t', 'watchout7'], io)).toBe(1);
    const report = io.out().slice(io.out().indexOf('target watchout7'));
    expect(report).toMatch(/^target watchout7 \(Watchout 7\): NOT READY$/m);
    expect(report).toMatch(/^ {2}FAIL video\.bframes: B-frames \(wants no B-frames\)$/m);
    expect(report).toMatch(/^ {2}FAIL video\.gop: 3 s \(wants keyframes at most 1 s apart\)$/m);
    expect(report).toMatch(/^profile loop-h264 would make it ready:$/m);
    expect(report).toMatch(/^ {2}- video h264 will be re-encoded to H\.264$/m);
  });

  it('puts the verdict in --json', async () => {
    const io = fakeIo();
    expect(await analyzeCommand.run([notReady, '--target', 'casparcg', '--json'], io)).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.target).toMatchObject({ target: 'casparcg', ready: true, profile: null });
  });

  it('refuses an unknown target with a "did you mean" and exit 2, before reading the file', async () => {
    const io = fakeIo();
    expect(await analyzeCommand.run([dir.join('missing.mov'), '--target', 'resolum'], io)).toBe(2);
    expect(io.err()).toBe(
      'bvp analyze: unknown playback target "resolum" (did you mean "resolume"?); known: qlab, disguise, watchout6, watchout7, resolume, casparcg\n',
    );
  });
});
