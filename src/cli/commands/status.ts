import { existsSync } from 'node:fs';
import path from 'node:path';
import { JOB_STATUSES } from '../../../machines/types.ts';
import { loadConfig } from '../../config/index.ts';
import { openStore } from '../../store/index.ts';
import { parseCommandArgs, UsageError, writeLine } from '../args.ts';
import type { CliCommand, CliIo } from '../io.ts';

const USAGE = `Usage: bvp status [--config FILE] [--json]

Prints job counts per status and the active jobs, read from the store (works while the service runs). In cluster
mode it also lists the workers (name, state, host, current jobs) as the running coordinator publishes them.

Options:
  -c, --config FILE   config file whose data folder holds the store (default: config/default.yaml)
      --json          machine-readable output
  -h, --help          show this help
`;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    config: { type: 'string', short: 'c' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const config = await loadConfig(path.resolve(io.cwd, values.config ?? 'config/default.yaml'));
  const file = path.join(config.data, 'bvp.db');
  // Cluster mode: the workers as the running coordinator publishes them on Redis.
  const workers = config.cluster
    ? await (await import('../../cluster/workers-view.ts')).readWorkersView(config.cluster.redis)
    : undefined;
  const printWorkers = () => {
    if (workers === undefined || values.json) return;
    if (workers === null) return writeLine(io.stdout, 'workers: none published (is bvp serve running?)');
    for (const w of workers) {
      const jobs = w.jobs.length > 0 ? `  jobs ${w.jobs.join(', ')}` : '';
      const why = w.state === 'refused' ? `  ${w.preflight?.failures[0]?.message ?? ''}` : '';
      writeLine(io.stdout, `worker ${w.name.padEnd(12)} ${w.state.padEnd(9)} ${w.host}${jobs}${why}`);
    }
  };
  if (!existsSync(file)) {
    writeLine(
      io.stdout,
      values.json
        ? JSON.stringify({
            counts: null,
            active: [],
            recent: [],
            ...(workers === undefined ? {} : { workers }),
          })
        : `no jobs yet (${file} does not exist)`,
    );
    printWorkers();
    return 0;
  }
  const store = openStore(file);
  try {
    const counts = store.countByStatus();
    const active = store.listActive();
    const recent = store.listHistory({ limit: 10 }).items;
    if (values.json) {
      writeLine(
        io.stdout,
        JSON.stringify({ counts, active, recent, ...(workers === undefined ? {} : { workers }) }, null, 2),
      );
      return 0;
    }
    writeLine(io.stdout, JOB_STATUSES.map((s) => `${s} ${counts[s]}`).join('  '));
    printWorkers();
    for (const job of active) {
      const pct = job.progress ? ` ${job.progress.percent.toFixed(1)}%` : '';
      writeLine(
        io.stdout,
        `${job.status.padEnd(9)} ${job.id}  ${job.source.path} → ${job.profile.name}${pct}`,
      );
    }
    for (const job of recent) {
      const detail = job.status === 'completed' ? job.result?.outputPath : job.error?.message;
      writeLine(io.stdout, `${job.status.padEnd(9)} ${job.id}  ${job.source.path}  ${detail ?? ''}`);
    }
    return 0;
  } finally {
    store.close();
  }
}

export const statusCommand: CliCommand = { name: 'status', summary: 'job counts and active jobs', run };
