import { mkdir, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromCallback } from 'xstate';
import type { TranscodeCommand, TranscodeInput } from '../../machines/types.ts';
import { configFromText } from '../../src/config/index.ts';
import type { MediaInfo } from '../../src/media/media-info.ts';
import { createProbeCache } from '../../src/media/probe-cache.ts';
import { openCollaborators, type TranscodeFactory } from '../../src/service/collaborators.ts';
import type { ServiceEvent } from '../../src/service/events.ts';
import { createService, type Service, type ServiceOptions } from '../../src/service/service.ts';
import { createHotFolders, type HotFolders } from '../../src/watch/hot-folders.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

// Every `stat` of node:fs/promises is counted by path: the test states how often the source is stat'ed.
const statCalls = vi.hoisted(() => [] as string[]);
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const stat = ((file: Parameters<typeof real.stat>[0], options?: Parameters<typeof real.stat>[1]) => {
    statCalls.push(String(file));
    return real.stat(file, options);
  }) as typeof real.stat;
  return { ...real, stat, default: { ...real, stat } };
});

/** A probe that reads nothing: it counts who asked and describes every file as one short audio stream. */
function countingProbe() {
  const calls: string[] = [];
  const probeFile = async (file: string): Promise<MediaInfo> => {
    calls.push(file);
    return {
      path: file,
      formatName: 'wav',
      durationSeconds: 1,
      bitRate: null,
      sizeBytes: null,
      streams: [
        {
          type: 'audio',
          index: 0,
          codec: 'pcm_s16le',
          sampleRate: 48000,
          channels: 2,
          channelLayout: 'stereo',
          durationSeconds: 1,
        },
      ],
    };
  };
  return { calls, probeFile };
}

/** A transcode that reads its input through the service's probe, as the ffmpeg one does, then completes. */
const probingTranscode: TranscodeFactory = (hooks) =>
  fromCallback<TranscodeCommand, TranscodeInput>(({ input, sendBack }) => {
    const controller = new AbortController();
    hooks
      .probeInput(input.spec.source, controller.signal)
      .then((info) =>
        sendBack({
          type: 'transcode.done',
          result: {
            outputPath: input.spec.outputPath,
            outputBytes: 1,
            inputBytes: input.spec.source.size,
            durationSeconds: info.durationSeconds,
            encodeSeconds: 0,
            ffmpegArgs: [],
          },
        }),
      )
      .catch(() => {});
    return () => controller.abort();
  });

let dir: TempDir;
let service: Service;
let hotFolders: HotFolders;
let probe: ReturnType<typeof countingProbe>;
const events: ServiceEvent[] = [];

beforeEach(async () => {
  dir = await makeTempDir('bvp-settled-');
  await mkdir(dir.join('watch'));
  await mkdir(dir.join('output'));
  events.length = 0;
  statCalls.length = 0;
  probe = countingProbe();
  const options: ServiceOptions = {
    storePath: dir.join('bvp.db'),
    ffmpeg: dir.join('no-ffmpeg'),
    ffprobe: dir.join('no-ffprobe'),
    synchronous: 'normal',
  };
  service = createService(
    options,
    openCollaborators(options, {
      transcode: probingTranscode,
      probes: createProbeCache({ ffprobe: options.ffprobe, probeFile: probe.probeFile }),
      sink: (e) => events.push(e),
    }),
  );
  hotFolders = createHotFolders({ service, ffprobe: options.ffprobe, probeFile: probe.probeFile });
  const config = configFromText(
    'watch:\n  - path: ./watch\n    profile: audio-qlab\n    stable_seconds: 0.2\noutput: ./output\n',
    dir.join('bvp.yaml'),
  );
  await hotFolders.apply(config);
});

afterEach(async () => {
  await hotFolders.close();
  await service.stop({ graceSeconds: 0 });
  await dir.cleanup();
});

function completed(): Promise<ServiceEvent> {
  return new Promise((resolve) => {
    const off = service.subscribe((e) => {
      if (e.type !== 'job.completed' && e.type !== 'job.failed') return;
      off();
      resolve(e);
    });
  });
}

describe('a watched file from intake to its job', () => {
  it('is probed once: the intake reads it, and the job takes that MediaInfo and that identity', async () => {
    const done = completed();
    const file = dir.join('watch', 'cue.wav');
    await writeFile(file, 'sound, as far as this probe cares');
    const finished = await done;
    expect(finished.type).toBe('job.completed');
    // One ffprobe for the watched file before its encode (verification's own probes belong to the real transcode).
    expect(probe.calls).toEqual([file]);
    // One stat, the intake's after the stable window; submit takes that identity, and the seeded probe cache neither
    // stats nor probes. (The watcher's own sighting is an lstat; the real transcode adds its start check, and the
    // real probe one stat of its own.)
    expect(statCalls.filter((p) => p === file)).toEqual([file]);
    const queued = events.find((e) => e.type === 'job.queued');
    expect(queued?.type === 'job.queued' && queued.data.job.source).toMatchObject({ path: file, size: 33 });
  });
});
