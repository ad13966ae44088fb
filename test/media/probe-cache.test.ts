import { stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec, SourceIdentity } from '../../machines/types.ts';
import type { MediaInfo } from '../../src/media/media-info.ts';
import { probe } from '../../src/media/probe.ts';
import { createProbeCache } from '../../src/media/probe-cache.ts';
import { transcodeFile } from '../../src/media/transcode-file.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';

let dir: TempDir;
let n = 0;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await dir.cleanup();
});

const infoOf = (file: string, tag = 'x'): MediaInfo => ({
  path: file,
  formatName: tag,
  durationSeconds: 1,
  bitRate: null,
  sizeBytes: null,
  streams: [],
});

async function fileWith(content: string): Promise<{ file: string; identity: SourceIdentity }> {
  const file = dir.join(`source-${++n}.mov`);
  await writeFile(file, content);
  return { file, identity: await identityOf(file) };
}

async function identityOf(file: string): Promise<SourceIdentity> {
  const s = await stat(file);
  return { path: file, size: s.size, mtimeMs: s.mtimeMs };
}

/** A probe that counts its calls and answers when the test says so. */
function controlledProbe(
  behave: (file: string, call: number) => Promise<MediaInfo> | MediaInfo = (f) => infoOf(f),
) {
  const calls: string[] = [];
  return {
    calls,
    probeFile: async (file: string) => {
      calls.push(file);
      return behave(file, calls.length);
    },
  };
}

describe('probe cache', () => {
  it('answers from a prefetch of the same identity without probing again', async () => {
    const { identity } = await fileWith('media');
    const fake = controlledProbe();
    const cache = createProbeCache({ ffprobe: 'ffprobe', probeFile: fake.probeFile });
    cache.prefetch(identity);
    cache.prefetch(identity);
    expect(await cache.probeInput(identity)).toMatchObject({ path: identity.path });
    expect(await cache.probeInput(identity)).toMatchObject({ path: identity.path });
    expect(fake.calls).toHaveLength(1);
  });

  it('waits for a prefetch still in flight instead of starting a second ffprobe', async () => {
    const { identity } = await fileWith('media');
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const fake = controlledProbe(async (f) => {
      await gate;
      return infoOf(f, 'prefetched');
    });
    const cache = createProbeCache({ ffprobe: 'ffprobe', probeFile: fake.probeFile });
    cache.prefetch(identity);
    const answer = cache.probeInput(identity);
    release();
    expect(await answer).toMatchObject({ formatName: 'prefetched' });
    expect(fake.calls).toHaveLength(1);
  });

  it('never describes a changed file: a new identity probes afresh, a file changed mid-probe is not kept', async () => {
    const { file, identity } = await fileWith('first');
    const fake = controlledProbe(async (f, call) => {
      // The first probe sees the file rewritten under it (a copy still in progress, say).
      if (call === 1) await writeFile(f, 'second, longer');
      return infoOf(f, `probe ${call}`);
    });
    const cache = createProbeCache({ ffprobe: 'ffprobe', probeFile: fake.probeFile });
    cache.prefetch(identity);
    // Its result was dropped (the identity was gone by the end), so the job is not answered from it.
    expect(await cache.probeInput(identity)).toMatchObject({ formatName: 'probe 2' });
    const changed = await identityOf(file);
    cache.prefetch(changed);
    expect(await cache.probeInput(changed)).toMatchObject({ formatName: 'probe 3' });
    // Touched after its prefetch: another identity, another key.
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    expect(await cache.probeInput(await identityOf(file))).toMatchObject({ formatName: 'probe 4' });
    expect(fake.calls).toHaveLength(4);
  });

  it('after a failed prefetch the job probes itself and reports its own error; the prefetch is not repeated', async () => {
    const { identity } = await fileWith('media');
    const fake = controlledProbe((f, call) => {
      if (call === 1) throw new Error('ffprobe hiccup');
      return infoOf(f, 'own probe');
    });
    const cache = createProbeCache({ ffprobe: 'ffprobe', probeFile: fake.probeFile });
    cache.prefetch(identity);
    expect(await cache.probeInput(identity)).toMatchObject({ formatName: 'own probe' });
    // Every later ADD asks again for the same next file: its failure is remembered, not probed each time.
    cache.prefetch(identity);
    cache.prefetch(identity);
    expect(fake.calls).toHaveLength(2);
    const failing = createProbeCache({
      ffprobe: 'ffprobe',
      probeFile: async () => {
        throw new Error('unreadable');
      },
    });
    failing.prefetch(identity);
    await expect(failing.probeInput(identity)).rejects.toThrow('unreadable');
  });

  it('keeps only the last few entries', async () => {
    const files = await Promise.all(['a', 'b', 'c'].map((c) => fileWith(c)));
    const fake = controlledProbe();
    const cache = createProbeCache({ ffprobe: 'ffprobe', probeFile: fake.probeFile, limit: 2 });
    for (const { identity } of files) cache.prefetch(identity);
    await cache.probeInput(files[2].identity);
    await cache.probeInput(files[1].identity);
    expect(fake.calls).toHaveLength(3);
    await cache.probeInput(files[0].identity);
    expect(fake.calls).toHaveLength(4);
  });

  it('stops a cancelled job from waiting for a prefetch', async () => {
    const { identity } = await fileWith('media');
    const cache = createProbeCache({
      ffprobe: 'ffprobe',
      probeFile: () => new Promise<MediaInfo>(() => {}),
    });
    cache.prefetch(identity);
    const controller = new AbortController();
    const answer = cache.probeInput(identity, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(answer).rejects.toThrow('cancelled');
    cache.close();
  });

  it('lets a real transcode use the prefetched MediaInfo: one input ffprobe, output still verified', async () => {
    const source = await makeClip(dir.join('real.mov'), { seconds: 1 });
    const identity = await identityOf(source);
    const counted = controlledProbe((file) => probe(file, { ffprobe: 'ffprobe' }));
    const cache = createProbeCache({ ffprobe: 'ffprobe', probeFile: counted.probeFile });
    cache.prefetch(identity);
    const profile = v.parse(ProfileSchema, {
      name: 'test-h264',
      container: 'mp4',
      video: { codec: 'libx264', pixel_format: 'yuv420p', crf: 35, preset: 'fast' },
      audio: { codec: 'aac', bitrate: '64k', sample_rate: 48000 },
    });
    const spec: JobSpec = {
      id: 'prefetched',
      source: identity,
      outputPath: path.join(dir.path, 'out', 'real.mp4'),
      profile,
      overrides: {},
      priority: 0,
      sourceAction: { kind: 'keep' },
      collision: 'suffix',
      verify: true,
      origin: 'test',
      createdAt: Date.now(),
    };
    const result = await transcodeFile({
      spec,
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      probeInput: cache.probeInput,
    });
    expect(result.outputPath).toBe(spec.outputPath);
    expect(result.durationSeconds).toBeGreaterThan(0.9);
    expect(counted.calls).toEqual([source]);
  }, 60_000);
});
