import { mkdir, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioStreams, videoStreams } from '../../src/media/media-info.ts';
import { probe } from '../../src/media/probe.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';

const ffprobe = 'ffprobe';
let dir: TempDir;

beforeAll(async () => {
  dir = await makeTempDir('bvp-probe-');
});
afterAll(async () => {
  await dir.cleanup();
});

describe('probe', () => {
  it('reads a 29.97 fps clip with two audio tracks', async () => {
    const file = await makeClip(dir.join('ntsc.mov'), { fps: '30000/1001', extraAudioTracks: 1, seconds: 1 });
    const info = await probe(file, { ffprobe });
    expect(info.path).toBe(file);
    expect(info.formatName.split(',')).toContain('mov');
    expect(info.durationSeconds).toBeCloseTo(1, 1);
    expect(info.sizeBytes).toBeGreaterThan(0);
    expect(info.bitRate).toBeGreaterThan(0);
    const [video] = videoStreams(info);
    expect(video).toMatchObject({
      index: 0,
      codec: 'mpeg4',
      width: 160,
      height: 90,
      pixelFormat: 'yuv420p',
      frameRate: 29.97,
      frameRateRational: '30000/1001',
      variableFrameRate: false,
      attachedPicture: false,
    });
    const audio = audioStreams(info);
    expect(audio.map((a) => a.index)).toEqual([1, 2]);
    expect(audio[0]).toMatchObject({ codec: 'pcm_s16le', sampleRate: 48000, channels: 2 });
  });

  it('reads a file whose name starts with "-"', async () => {
    const file = await makeClip(dir.join('-rf.mov'), { seconds: 1, audioRate: 0 });
    const info = await probe(file, { ffprobe });
    expect(videoStreams(info)).toHaveLength(1);
    expect(audioStreams(info)).toHaveLength(0);
  });

  it('reads a file with quotes, a colon and unicode in its name', async () => {
    const file = await makeClip(dir.join(`Kyrie "élan" it's: 🎬.mov`), { seconds: 1 });
    expect((await probe(file, { ffprobe })).path).toBe(file);
  });

  it('reads an audio-only wav', async () => {
    const file = await makeClip(dir.join('cue.wav'), {
      audioOnly: true,
      seconds: 1,
      audioRate: 44100,
      audioChannels: 1,
    });
    const info = await probe(file, { ffprobe });
    expect(info.formatName).toBe('wav');
    expect(audioStreams(info)[0]).toMatchObject({ sampleRate: 44100, channels: 1 });
  });

  it('reads per-stream durations from a Matroska file', async () => {
    const file = await makeClip(dir.join('a.mkv'), { seconds: 1 });
    const info = await probe(file, { ffprobe });
    expect(info.formatName).toBe('matroska,webm');
    expect(videoStreams(info)[0].durationSeconds).toBeCloseTo(1, 1);
    expect(videoStreams(info)[0].codecTag).toBeNull();
  });

  it('says input.missing and names the path for a file that does not exist', async () => {
    const file = dir.join('nope.mov');
    await expect(probe(file, { ffprobe })).rejects.toMatchObject({
      code: 'input.missing',
      message: expect.stringContaining(file),
    });
  });

  it('says input.unreadable, names the path and keeps ffprobe stderr for random bytes named .mov', async () => {
    const file = dir.join('corrupt.mov');
    await writeFile(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    const error = await probe(file, { ffprobe }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'input.unreadable' });
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/Invalid data/);
    expect((error as { stderrTail: string[] }).stderrTail.join('\n')).toMatch(
      /moov atom not found|Invalid data/,
    );
  });

  it('says input.unreadable for a directory', async () => {
    const folder = dir.join('folder.mov');
    await mkdir(folder);
    await expect(probe(folder, { ffprobe })).rejects.toMatchObject({ code: 'input.unreadable' });
  });

  it('says input.no_streams for a file with neither audio nor video', async () => {
    const file = dir.join('subs.srt');
    await writeFile(file, '1\n00:00:00,000 --> 00:00:01,000\nhello\n');
    await expect(probe(file, { ffprobe })).rejects.toMatchObject({ code: 'input.no_streams' });
    const info = await probe(file, { ffprobe, allowNoStreams: true });
    expect(info.streams[0]).toMatchObject({ type: 'subtitle', codec: 'subrip' });
  });

  it('says ffmpeg.missing when ffprobe itself is not there', async () => {
    const file = await makeClip(dir.join('ok.mov'), { seconds: 1 });
    await expect(probe(file, { ffprobe: dir.join('no-ffprobe') })).rejects.toMatchObject({
      code: 'ffmpeg.missing',
    });
  });

  it('stops when the signal is aborted', async () => {
    const file = await makeClip(dir.join('abort.mov'), { seconds: 1 });
    await expect(probe(file, { ffprobe, signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'ffmpeg.cancelled',
    });
  });
});
