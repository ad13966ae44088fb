import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { JobOverrides } from '../../../machines/types.ts';
import { toBvpError } from '../../errors.ts';
import { resolveFfmpeg } from '../../media/ffmpeg-paths.ts';
import { createProfileRegistry } from '../../profiles/registry.ts';
import { openCollaborators } from '../../service/collaborators.ts';
import { type ServiceEvent, unhandled } from '../../service/events.ts';
import { createService, type Service, type ServiceOptions } from '../../service/service.ts';
import { OVERRIDE_OPTIONS, parseCommandArgs, parseOverrides, UsageError, writeLine } from '../args.ts';
import type { CliCommand, CliIo } from '../io.ts';

const USAGE = `Usage: bvp run --profile P [options] FILE…

Pushes files through the durable queue (the same one the service runs) and prints one line per event:
  restored <id> <status> <file>   a job left in the store by an earlier run; it runs too
  held <id> <file>                a restored paused job; left paused, not waited for
  queued <id> <file>              skipped <id> <queued|completed|failed|cancelled> <file>
  rejected <code> <file>          (the reason goes to stderr)
  started <id>    phase <id> <probing|encoding|verifying|finalizing>    progress <id> <percent>
  completed <id> <output>         failed <id> <code> <message>          cancelled <id>
Exits when nothing is pending or running: 0 if every job completed, 1 if any failed or was rejected.
Ctrl+C stops at once; the running job is requeued and finishes on the next run with the same --data.

Options:
  -p, --profile P        profile name (bvp profiles lists them)
      --data DIR         folder of the job store bvp.db (default: ./data)
      --output-dir D     where outputs go (default: beside each source, <stem>__processed__<profile>.<ext>)
  -j, --jobs N           jobs encoded at once, 1–16 (default 1)
      --preset, --keyframe-interval, --resolution, --audio-sample-rate, --loudness, --still-duration   as for bvp transcode
  -h, --help             show this help
`;

/** Message text on one line, so every event stays one parseable line. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    profile: { type: 'string', short: 'p' },
    data: { type: 'string' },
    'output-dir': { type: 'string' },
    jobs: { type: 'string', short: 'j' },
    help: { type: 'boolean', short: 'h' },
    ...OVERRIDE_OPTIONS,
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (!values.profile) throw new UsageError('--profile is required');
  if (positionals.length === 0) throw new UsageError('run takes at least one file');
  const jobs = Number(values.jobs ?? '1');
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16)
    throw new UsageError(`--jobs "${values.jobs}" must be 1–16`);
  const overrides = parseOverrides(values);
  // Checked before the store is opened: a typo exits 2 without touching anything.
  const profile = createProfileRegistry().resolve(values.profile).name;
  const bins = await resolveFfmpeg({ env: io.env });
  const options: ServiceOptions = {
    storePath: path.join(path.resolve(io.cwd, values.data ?? 'data'), 'bvp.db'),
    ffmpeg: bins.ffmpeg.path,
    ffprobe: bins.ffprobe.path,
    concurrency: jobs,
    outputDir: values['output-dir'] ? path.resolve(io.cwd, values['output-dir']) : undefined,
  };
  // Built like `bvp serve` builds them (src/app.ts): the same factory, the same local ffmpeg transcode.
  const service = createService(options, openCollaborators(options));
  const files = positionals.map((f) => path.resolve(io.cwd, f));
  return drive(service, { files, profile, overrides }, io);
}

interface RunPlan {
  files: string[];
  profile: string;
  overrides: JobOverrides;
}

/** Submits, prints events, and waits until the queue has nothing left this run is responsible for. */
async function drive(service: Service, plan: RunPlan, io: CliIo): Promise<number> {
  const out = (text: string) => writeLine(io.stdout, text);
  let problems = 0;
  let submitting = true;
  let settle: (how: 'done' | 'aborted') => void = () => {};
  const finished = new Promise<'done' | 'aborted'>((resolve) => {
    settle = resolve;
  });

  // Paused jobs restored from the store were paused by an operator (bvp serve); nothing here resumes them.
  const held = new Set<string>();
  const check = () => {
    if (submitting) return;
    if (!service.isHealthy()) {
      problems++;
      settle('done');
      return;
    }
    const waiting = service.queue().jobs.filter((j) => !held.has(j.id));
    if (waiting.length === 0) settle('done');
  };
  // The queue drops a finished job right after announcing it: look once that has happened.
  const checkSoon = () => setImmediate(check);

  service.subscribe((event: ServiceEvent) => {
    switch (event.type) {
      // From the event, not after submit() returns: the job may start (and say so) before submit() returns.
      case 'job.queued':
        out(`queued ${event.data.id} ${event.data.job.source.path}`);
        return;
      case 'job.started':
        out(`started ${event.data.id}`);
        return;
      case 'job.phase':
        out(`phase ${event.data.id} ${event.data.phase}`);
        return;
      case 'job.progress':
        out(`progress ${event.data.id} ${event.data.progress.percent.toFixed(1)}`);
        return;
      case 'job.completed':
        out(`completed ${event.data.id} ${event.data.job.outputPath}`);
        checkSoon();
        return;
      case 'job.failed': {
        problems++;
        const error = event.data.job.error;
        out(`failed ${event.data.id} ${error?.code ?? 'internal'} ${oneLine(error?.message ?? '')}`);
        checkSoon();
        return;
      }
      case 'job.cancelled':
        problems++;
        out(`cancelled ${event.data.id}`);
        checkSoon();
        return;
      case 'service.error':
        writeLine(io.stderr, `bvp run: ${oneLine(event.data.message)}`);
        checkSoon();
        return;
      // The rest is for the dashboard and the logs; a one-shot run prints job lines only.
      case 'job.paused':
      case 'job.resumed':
      case 'job.retried':
      case 'job.priority':
      case 'job.moved':
      case 'file.detected':
      case 'file.ignored':
      case 'queue.restored':
      case 'queue.paused':
      case 'queue.resumed':
      case 'queue.cleared':
      case 'queue.concurrency':
      case 'config.updated':
      case 'config.rejected':
      case 'service.stopping':
      case 'service.requeued':
      case 'job.interrupted':
      case 'job.due':
      case 'worker.joined':
      case 'worker.left':
      case 'worker.lost':
        return;
      default:
        unhandled(event);
    }
  });

  const onAbort = () => settle('aborted');
  io.signal.addEventListener('abort', onAbort, { once: true });
  // Ctrl+C while the store was opening: the listener above came too late to hear it.
  if (io.signal.aborted) onAbort();

  try {
    // A restored job may have started while the service booted, before anyone listened: say so now.
    for (const job of service.queue().jobs) {
      if (job.status === 'paused') {
        held.add(job.id);
        out(`held ${job.id} ${job.source.path}`);
        continue;
      }
      out(`restored ${job.id} ${job.status} ${job.source.path}`);
      if (job.status === 'running') out(`started ${job.id}`);
    }
    for (const file of plan.files) {
      if (io.signal.aborted) break;
      problems += (await submitOne(service, file, plan, io)) ? 0 : 1;
    }
    submitting = false;
    check();
    if ((await finished) === 'aborted') {
      const requeued = service.queue().jobs.filter((j) => j.status === 'running').length;
      await service.stop({ graceSeconds: 0 });
      out(`interrupted ${requeued} running job(s) requeued for the next run`);
      return 130;
    }
    await service.stop({ graceSeconds: 0 });
    return problems > 0 ? 1 : 0;
  } finally {
    io.signal.removeEventListener('abort', onAbort);
    await service.stop({ graceSeconds: 0 }).catch(() => {});
  }
}

/**
 * One file: skipped when its identity already has a job with this profile (across runs), otherwise queued.
 * False when refused.
 */
async function submitOne(service: Service, file: string, plan: RunPlan, io: CliIo): Promise<boolean> {
  const out = (text: string) => writeLine(io.stdout, text);
  const info = await stat(file).catch(() => null);
  const active = service.queue().jobs.find((j) => j.source.path === file);
  if (active) {
    out(`skipped ${active.id} ${active.status} ${file}`);
    return true;
  }
  if (info?.isFile()) {
    const identity = { path: file, size: info.size, mtimeMs: info.mtimeMs };
    const seen = service.hasSeen(identity) ? service.store.getSeen(identity) : null;
    const earlier = seen?.jobId ? service.store.getJob(seen.jobId) : null;
    // Done before with this profile: skip. With another profile it is a different request, so it runs.
    if (seen && (!earlier || earlier.profile.name === plan.profile)) {
      out(`skipped ${seen.jobId ?? '-'} ${seen.outcome} ${file}`);
      return true;
    }
  }
  try {
    await service.submit({
      source: file,
      profile: plan.profile,
      overrides: plan.overrides,
      origin: 'cli',
    });
    return true;
  } catch (error) {
    const failure = toBvpError(error);
    out(`rejected ${failure.code} ${file}`);
    writeLine(io.stderr, `bvp run: ${file}: [${failure.code}] ${oneLine(failure.message)}`);
    return false;
  }
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'push files through the durable queue with live progress lines',
  run,
};
