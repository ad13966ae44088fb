import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromCallback } from 'xstate';
import type { TranscodeCommand, TranscodeInput } from '../../machines/types.ts';
import { openCollaborators, type TranscodeFactory } from '../../src/service/collaborators.ts';
import { jobIdOf, type ServiceEvent } from '../../src/service/events.ts';
import { createService, type Service, type ServiceOptions } from '../../src/service/service.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

/** One run of the in-memory transcode: the test ends it as it likes, and sees what the job machine told it. */
interface MemoryRun {
  input: TranscodeInput;
  suspended: boolean;
  stopped: boolean;
  finish(): void;
  fail(code: string, message: string): void;
}

/** A transcode actor with no process behind it: the seam a remote worker plugs into. */
function memoryTranscode() {
  const runs: MemoryRun[] = [];
  const factory: TranscodeFactory = () =>
    fromCallback<TranscodeCommand, TranscodeInput>(({ input, sendBack, receive }) => {
      const run: MemoryRun = {
        input,
        suspended: false,
        stopped: false,
        finish: () =>
          sendBack({
            type: 'transcode.done',
            result: {
              outputPath: input.spec.outputPath,
              outputBytes: 10,
              inputBytes: input.spec.source.size,
              durationSeconds: 1,
              encodeSeconds: 0.5,
              ffmpegArgs: ['memory'],
            },
          }),
        fail: (code, message) =>
          sendBack({ type: 'transcode.failed', error: { code, message, stderrTail: [] } }),
      };
      runs.push(run);
      receive((command) => {
        run.suspended = command.type === 'SUSPEND';
      });
      sendBack({ type: 'transcode.phase', phase: 'encoding' });
      return () => {
        run.stopped = true;
      };
    });
  return { runs, factory };
}

let dir: TempDir;
let service: Service;
let events: ServiceEvent[];
let transcode: ReturnType<typeof memoryTranscode>;

beforeEach(async () => {
  dir = await makeTempDir('bvp-inject-');
  await writeFile(dir.join('a.mov'), 'not a movie: nothing here decodes it');
  events = [];
  transcode = memoryTranscode();
  const options: ServiceOptions = {
    storePath: dir.join('bvp.db'),
    // No ffmpeg anywhere: a binary that does not exist proves nothing ran it.
    ffmpeg: dir.join('no-ffmpeg'),
    ffprobe: dir.join('no-ffprobe'),
    outputDir: dir.join('out'),
    synchronous: 'normal',
  };
  service = createService(
    options,
    openCollaborators(options, { transcode: transcode.factory, sink: (e) => events.push(e) }),
  );
});

afterEach(async () => {
  await service.stop({ graceSeconds: 0 });
  await dir.cleanup();
});

/** Resolves once an event of `type` about job `id` (`''`: about no job) was published (already or later). */
function seen(type: ServiceEvent['type'], id: string, count = 1): Promise<void> {
  const done = () => events.filter((e) => e.type === type && (jobIdOf(e) ?? '') === id).length >= count;
  if (done()) return Promise.resolve();
  return new Promise((resolve) => {
    const off = service.subscribe(() => {
      if (!done()) return;
      off();
      resolve();
    });
  });
}

const submit = () => service.submit({ source: dir.join('a.mov'), profile: 'live-qlab' });

describe('a service with an injected in-memory transcode actor', () => {
  it('drives a job from submit to completed without ffmpeg', async () => {
    const job = await submit();
    await seen('job.started', job.id);
    expect(transcode.runs).toHaveLength(1);
    expect(transcode.runs[0].input.spec.id).toBe(job.id);
    transcode.runs[0].finish();
    await seen('job.completed', job.id);
    expect(service.getJob(job.id)).toMatchObject({ status: 'completed', result: { ffmpegArgs: ['memory'] } });
    expect(events.filter((e) => jobIdOf(e) === job.id).map((e) => e.type)).toEqual([
      'job.queued',
      'job.started',
      'job.phase',
      'job.completed',
    ]);
  });

  it('cancels a running job: its transcode actor is stopped', async () => {
    const job = await submit();
    await seen('job.started', job.id);
    expect(service.cancelJob(job.id).status).toBe('cancelled');
    await seen('job.cancelled', job.id);
    expect(transcode.runs[0].stopped).toBe(true);
    expect(service.getJob(job.id).status).toBe('cancelled');
  });

  it('retries a cancelled job from its stored record: a new run, attempt 2, and a completed rerun', async () => {
    const job = await submit();
    await seen('job.started', job.id);
    service.cancelJob(job.id);
    await seen('job.cancelled', job.id);
    // The queue let the job go by itself; the store has it, and the retry brings it back from there.
    expect(service.queue().jobs).toEqual([]);
    expect(service.retryJob(job.id).status).not.toBe('cancelled');
    await seen('job.started', job.id, 2);
    expect(transcode.runs[1].input.attempt).toBe(2);
    transcode.runs[1].finish();
    await seen('job.completed', job.id);
    expect(() => service.retryJob(job.id)).toThrow(expect.objectContaining({ code: 'job.state' }));
    expect(service.retryJob(job.id, { rerun: true }).status).not.toBe('completed');
    await seen('job.started', job.id, 3);
    expect(transcode.runs[2].input.attempt).toBe(3);
  });

  it('pauses and resumes a running job by suspending and continuing its run, which then completes', async () => {
    const job = await submit();
    await seen('job.started', job.id);
    expect(service.pauseJob(job.id).status).toBe('paused');
    expect(transcode.runs[0].suspended).toBe(true);
    expect(service.resumeJob(job.id).status).toBe('running');
    expect(transcode.runs[0].suspended).toBe(false);
    transcode.runs[0].finish();
    await seen('job.completed', job.id);
    expect(transcode.runs).toHaveLength(1);
  });

  it('retries a failed job: the same job runs again as attempt 2 and completes', async () => {
    const job = await submit();
    await seen('job.started', job.id);
    transcode.runs[0].fail('input.unreadable', 'the memory actor says no');
    await seen('job.failed', job.id);
    expect(service.getJob(job.id).error?.code).toBe('input.unreadable');
    expect(service.retryJob(job.id).status).not.toBe('failed');
    await seen('job.started', job.id, 2);
    expect(transcode.runs).toHaveLength(2);
    expect(transcode.runs[1].input.attempt).toBe(2);
    transcode.runs[1].finish();
    await seen('job.completed', job.id);
    expect(service.getJob(job.id)).toMatchObject({ status: 'completed', attempts: 2 });
  });

  it('a stop whose signal is aborted ends the grace period at once and requeues the running job', async () => {
    const job = await submit();
    await seen('job.started', job.id);
    const controller = new AbortController();
    const stopped = service.stop({ graceSeconds: 3600, signal: controller.signal });
    await seen('service.stopping', '');
    controller.abort();
    await stopped;
    expect(transcode.runs[0].stopped).toBe(true);
    expect(events.find((e) => e.type === 'service.requeued')?.data).toEqual({
      jobs: [{ id: job.id, source: dir.join('a.mov') }],
    });
  });
});
