import { hostname } from 'node:os';
import { BvpError, isBvpError } from '../../errors.ts';
import { ffmpegVersion, listEncoders } from '../../media/encoders.ts';
import { resolveFfmpeg } from '../../media/ffmpeg-paths.ts';
import { parseCommandArgs, UsageError, writeLine } from '../args.ts';
import type { CliCommand, CliIo } from '../io.ts';

const USAGE = `Usage: bvp worker --redis URL [--concurrency N] [--name NAME] [--path-map FROM=TO]… [--lock-seconds S]

Encodes for a coordinator (bvp serve with cluster.redis in its config) on any machine with ffmpeg. It takes no work
until the coordinator's preflight proved it can read every watch folder and write every output folder through its
path maps. It writes only the temp file it is told to; the coordinator verifies and renames. Node only.

Options:
      --redis URL          the coordinator's Redis, e.g. redis://show-mac.local:6379 (required)
      --concurrency N      encodes at once on this machine (default 1)
      --name NAME          how the coordinator lists this worker (default: the host name)
      --path-map FROM=TO   a coordinator folder and where it is here (repeatable; longest prefix wins), e.g.
                           --path-map /Volumes/Show=/mnt/show
      --lock-seconds S     a worker that dies mid-encode loses its job to another after about this long (default 30)
  -h, --help               show this help
`;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    redis: { type: 'string' },
    concurrency: { type: 'string' },
    name: { type: 'string' },
    'path-map': { type: 'string', multiple: true },
    'lock-seconds': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if ('Deno' in globalThis)
    throw new BvpError('usage', 'bvp worker needs Node: BullMQ does not support Deno');
  if (!values.redis) throw new UsageError("--redis URL is required (the coordinator's Redis)");
  if (!/^rediss?:\/\//.test(values.redis))
    throw new UsageError(`--redis "${values.redis}" must be a redis:// or rediss:// URL`);
  const concurrency = Number(values.concurrency ?? '1');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new UsageError(`--concurrency "${values.concurrency}" must be a whole number from 1 to 64`);
  }
  const lockSeconds = Number(values['lock-seconds'] ?? '30');
  if (!Number.isFinite(lockSeconds) || lockSeconds < 1 || lockSeconds > 3600) {
    throw new UsageError(
      `--lock-seconds "${values['lock-seconds']}" must be a number of seconds from 1 to 3600`,
    );
  }
  const { parsePathMap } = await import('../../cluster/path-map.ts');
  let pathMaps: ReturnType<typeof parsePathMap>[];
  try {
    pathMaps = (values['path-map'] ?? []).map(parsePathMap);
  } catch (error) {
    throw new UsageError(isBvpError(error) ? error.message : String(error));
  }
  const name = values.name ?? hostname();
  const bins = await resolveFfmpeg({ env: io.env });
  const [version, encoders] = await Promise.all([
    ffmpegVersion(bins.ffmpeg.path).catch(() => null),
    listEncoders(bins.ffmpeg.path).catch(() => new Set<string>()),
  ]);
  const { startClusterWorker } = await import('../../cluster/worker.ts');
  const worker = await startClusterWorker({
    redis: values.redis,
    name,
    concurrency,
    pathMaps,
    ffmpeg: bins.ffmpeg.path,
    ffmpegVersion: version,
    encoders: [...encoders].sort(),
    lockMs: lockSeconds * 1000,
    log: (line) => writeLine(io.stderr, `[${name}] ${line}`),
  });
  writeLine(
    io.stdout,
    `worker "${name}" (ffmpeg ${version ?? 'unknown'}) waiting for the coordinator's preflight`,
  );
  for (const m of pathMaps) writeLine(io.stdout, `  path map ${m.from} → ${m.to}`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  writeLine(io.stdout, 'Stopping… (running encodes go back to the queue)');
  await worker.stop();
  return 0;
}

export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'encode for a coordinator over Redis (cluster mode)',
  run,
};
