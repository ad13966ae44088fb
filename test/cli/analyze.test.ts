import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCommand } from '../../src/cli/commands/analyze.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';

let dir: TempDir;
let clip: string;

function fakeIo(
  env: Record<string, string | undefined> = {},
): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: { PATH: process.env.PATH, ...env },
    cwd: dir.path,
    signal: new AbortController().signal,
    out: () => out,
    err: () => err,
  };
}

beforeAll(async () => {
  dir = await makeTempDir('bvp-analyze-');
  clip = await makeClip(dir.join('show open.mov'), {
    seconds: 1,
    fps: '30000/1001',
    audioRate: 44100,
    extraAudioTracks: 1,
  });
});
afterAll(async () => {
  await dir.cleanup();
});

describe('bvp analyze', () => {
  it('describes container, duration, bitrate and each stream', async () => {
    const io = fakeIo();
    expect(await analyzeCommand.run(['show open.mov'], io)).toBe(0);
    const out = io.out();
    expect(out.split('\n')[0]).toBe(clip);
    expect(out).toMatch(/^ {2}container +mov,mp4,m4a,3gp,3g2,mj2$/m);
    expect(out).toMatch(/^ {2}duration +00:00:01\.0\d\d \(1\.0\d* s\)$/m);
    expect(out).toMatch(/^ {2}bitrate +\d+(\.\d+)? (kb|Mb)\/s$/m);
    expect(out).toMatch(
      /^ {2}#0 {2}video {2}mpeg4 \(Simple Profile\) {2}\[mp4v\] {2}160×90 {2}29\.97 fps \(30000\/1001\) {2}yuv420p$/m,
    );
    expect(out).toMatch(/^ {2}#1 {2}audio {2}pcm_s16le {2}44\.1 kHz {2}2 ch/m);
    expect(out).toMatch(/^ {2}#2 {2}audio /m);
    expect(io.err()).toBe('');
  });

  it('gives a readiness verdict with the changes for --profile', async () => {
    const io = fakeIo();
    expect(await analyzeCommand.run([clip, '--profile', 'live-prores-lt'], io)).toBe(0);
    expect(io.out()).toContain('profile live-prores-lt: ready');
    expect(io.out()).toContain('  - video mpeg4 will be re-encoded to ProRes LT');
    expect(io.out()).toContain('  - audio 44.1 kHz will be resampled to 48 kHz');
    expect(io.out()).toContain('  - 1 extra audio track kept');
  });

  it('prints JSON with the media info and the verdict', async () => {
    const io = fakeIo();
    expect(await analyzeCommand.run([clip, '--json', '--profile', 'audio-qlab'], io)).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.file).toBe(clip);
    expect(json.info.streams).toHaveLength(3);
    expect(json.info.streams[0]).toMatchObject({ type: 'video', frameRate: 29.97, variableFrameRate: false });
    expect(json.readiness).toMatchObject({ profile: 'audio-qlab', ready: true, problems: [] });
    expect(json.readiness.changes).toContain('video will be dropped (the profile is audio-only)');
  });

  it('exits 1 with the verdict when the profile cannot apply (video profile, audio-only file)', async () => {
    const wav = await makeClip(dir.join('cue.wav'), { audioOnly: true, seconds: 1 });
    const io = fakeIo();
    expect(await analyzeCommand.run([wav, '--profile', 'live-qlab'], io)).toBe(1);
    expect(io.out()).toContain('profile live-qlab: NOT READY');
    expect(io.out()).toMatch(/ {2}! profile "live-qlab" makes video but the input has no video stream/);
  });

  it('exits 2 listing the known profiles for an unknown profile, before reading the file', async () => {
    const io = fakeIo();
    expect(await analyzeCommand.run(['does-not-matter.mov', '--profile', 'live-hq'], io)).toBe(2);
    expect(io.err()).toContain('live-hq');
    expect(io.err()).toContain('live-qlab');
    expect(io.err()).toContain('archival');
  });

  it('exits 1 naming a missing file', async () => {
    const io = fakeIo();
    expect(await analyzeCommand.run(['missing.mov'], io)).toBe(1);
    expect(io.err()).toContain(dir.join('missing.mov'));
    expect(io.err()).toMatch(/does not exist/);
  });

  it('exits 1 naming a corrupt file', async () => {
    const bad = dir.join('corrupt.mov');
    await writeFile(bad, Buffer.alloc(2048, 7));
    const io = fakeIo();
    expect(await analyzeCommand.run([bad], io)).toBe(1);
    expect(io.err()).toContain(bad);
  });

  it('reads a file whose name starts with "-" after --', async () => {
    const dashed = await makeClip(dir.join('-take2.mov'), { seconds: 1 });
    const io = fakeIo();
    expect(await analyzeCommand.run(['--', '-take2.mov'], io)).toBe(0);
    expect(io.out().split('\n')[0]).toBe(dashed);
  });

  it('prints usage for --help, and exits 2 for bad usage', async () => {
    const help = fakeIo();
    expect(await analyzeCommand.run(['--help'], help)).toBe(0);
    expect(help.out()).toMatch(/^Usage: bvp analyze <file>/);
    for (const argv of [[], ['a.mov', 'b.mov'], ['a.mov', '--frobnicate'], ['a.mov', '--profile']]) {
      const io = fakeIo();
      expect(await analyzeCommand.run(argv, io)).toBe(2);
      expect(io.err()).toMatch(/^bvp analyze: /);
    }
  });

  it('exits 1 with how to fix it when BVP_FFPROBE points nowhere', async () => {
    const io = fakeIo({ BVP_FFPROBE: dir.join('no-ffprobe') });
    expect(await analyzeCommand.run([clip], io)).toBe(1);
    expect(io.err()).toContain('BVP_FFPROBE');
  });
});
