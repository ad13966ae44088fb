import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromCallback } from 'xstate';
import type { TranscodeCommand, TranscodeInput } from '../../machines/types.ts';
import { openCollaborators, type TranscodeFactory } from '../../src/service/collaborators.ts';
import type { ServiceEvent } from '../../src/service/events.ts';
import { createService, type Service, type ServiceOptions } from '../../src/service/service.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

/**
 * `service.stop({ signal })`: the graceful stop waits for the running job (here for an hour), and aborting the
 * signal — a second Ctrl+C — ends the wait: the run is stopped and the job is pending for the next start.
 */

/** A transcode that never ends by itself; `stopped` says the service stopped it. */
function endlessTranscode() {
  const runs: Array<{ stopped: boolean }> = [];
  const factory: TranscodeFactory = () =>
    fromCallback<TranscodeCommand, TranscodeInput>(({ sendBack }) => {
      const run = { stopped: false };
      runs.push(run);
      sendBack({ type: 'transcode.phase', phase: 'encoding' });
      return () => {
        run.stopped = true;
      };
    });
  return { runs, factory };
}

let dir: TempDir;
let options: ServiceOptions;
const open: Service[] = [];

beforeEach(async () => {
  dir = await makeTempDir('bvp-stop-signal-');
  await writeFile(dir.join('a.mov'), 'not a movie');
  options = {
    storePath: dir.join('bvp.db'),
    ffmpeg: dir.join('no-ffmpeg'),
    ffprobe: dir.join('no-ffprobe'),
    outputDir: dir.join('out'),
    synchronous: 'normal',
  };
});

afterEach(async () => {
  for (const service of open.splice(0)) await service.stop({ graceSeconds: 0 });
  await dir.cleanup();
});

function start(transcode: TranscodeFactory, events: ServiceEvent[] = []): Service {
  const service = createService(
    options,
    openCollaborators(options, { transcode, sink: (e) => events.push(e) }),
  );
  open.push(service);
  return service;
}

function next(events: ServiceEvent[], service: Service, type: ServiceEvent['type']): Promise<void> {
  if (events.some((e) => e.type === type)) return Promise.resolve();
  return new Promise((resolve) => {
    const off = service.subscribe((e) => {
      if (e.type !== type) return;
      off();
      resolve();
    });
  });
}

describe('service.stop with a signal', () => {
  it('ends an hour-long grace period when aborted: the run is stopped, the job pending for the next start', async () => {
    const transcode = endlessTranscode();
    const events: ServiceEvent[] = [];
    const service = start(transcode.factory, events);
    const job = await service.submit({ source: dir.join('a.mov'), profile: 'live-qlab' });
    await next(events, service, 'job.started');

    const controller = new AbortController();
    const stopped = service.stop({ graceSeconds: 3600, signal: controller.signal });
    await next(events, service, 'service.stopping');
    expect(transcode.runs[0].stopped).toBe(false);
    controller.abort(new Error('Ctrl+C again'));
    await stopped;
    expect(transcode.runs[0].stopped).toBe(true);
    expect(events.find((e) => e.type === 'service.requeued')).toMatchObject({
      data: { jobs: [{ id: job.id }] },
    });

    // The next start finds it pending and runs it again.
    const again = endlessTranscode();
    const restartEvents: ServiceEvent[] = [];
    const restarted = start(again.factory, restartEvents);
    await next(restartEvents, restarted, 'job.started');
    expect(again.runs).toHaveLength(1);
    expect(restarted.getJob(job.id)).toMatchObject({ status: 'running', error: null });
  });

  it('with a signal already aborted, does not wait at all', async () => {
    const transcode = endlessTranscode();
    const events: ServiceEvent[] = [];
    const service = start(transcode.factory, events);
    await service.submit({ source: dir.join('a.mov'), profile: 'live-qlab' });
    await next(events, service, 'job.started');
    await service.stop({ graceSeconds: 3600, signal: AbortSignal.abort() });
    expect(transcode.runs[0].stopped).toBe(true);
  });
});
