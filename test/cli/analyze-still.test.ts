import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCommand } from '../../src/cli/commands/analyze.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

let dir: TempDir;
let photo: string;

function fakeIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: { PATH: process.env.PATH },
    cwd: dir.path,
    signal: new AbortController().signal,
    out: () => out,
    err: () => err,
  };
}

beforeAll(async () => {
  dir = await makeTempDir('bvp-analyze-still-');
  photo = dir.join('holding slide.png');
  await execa('ffmpeg', [
    ...['-hide_banner', '-v', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=320x180', '-frames:v', '1', photo],
  ]);
});
afterAll(() => dir.cleanup());

describe('bvp analyze on a still image', () => {
  it('describes the picture as the clip it becomes: its length and rate, no made-up frame rate', async () => {
    const io = fakeIo();
    expect(await analyzeCommand.run(['holding slide.png'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(
      /^ {2}still +image, becomes a 10 s clip at 25 fps \(default length; a profile's still_duration sets it\)$/m,
    );
    expect(out).toMatch(/^ {2}duration +00:00:10\.000 \(10 s\)$/m);
    expect(out).toMatch(/^ {2}#0 {2}picture {2}png {2}320×180 {2}rgb24$/m);
    expect(out).not.toContain('unknown (');
    expect(io.err()).toBe('');
  });

  it('--profile: ready, led by the clip it makes, with no frame-rate conversion', async () => {
    const io = fakeIo();
    expect(await analyzeCommand.run([photo, '--profile', 'hap', '--json'], io)).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.still).toEqual({ seconds: 10, frameRate: '25' });
    expect(json.info.durationSeconds).toBe(10);
    expect(json.readiness.ready).toBe(true);
    expect(json.readiness.changes[0]).toBe(
      'the still image will become a 10 s clip at 25 fps (the picture repeated)',
    );
    expect(json.readiness.changes).toContain('video png will be re-encoded to HAP');
    expect(json.readiness.changes.join('\n')).not.toMatch(/frame rate/);
  });

  it('--target: the picture itself is not a file the player takes; the recommended profile makes the clip', async () => {
    const io = fakeIo();
    expect(await analyzeCommand.run([photo, '--target', 'qlab'], io)).toBe(1);
    const out = io.out();
    expect(out).toContain('target qlab (QLab 5): NOT READY');
    expect(out).toMatch(/^ {2}FAIL video\.codec: png/m);
    expect(out).toContain(
      'profile live-qlab would make it ready:\n  - the still image will become a 10 s clip at 25 fps (the picture repeated)\n  - video png will be re-encoded to ProRes Proxy',
    );
  });
});
