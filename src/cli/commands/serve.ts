import path from 'node:path';
import { startBulletproof } from '../../app.ts';
import { loadStartHttp, runtimeName } from '../../runtime/select.ts';
import { VERSION } from '../../version.ts';
import { parseCommandArgs, UsageError, writeLine } from '../args.ts';
import type { CliCommand, CliIo } from '../io.ts';
import { MONITOR_OPTIONS, monitorOverrides } from '../monitor-flags.ts';

const USAGE = `Usage: bvp serve [--config FILE] [--port N] [--inspect URL]
       bvp monitor start [-c FILE] [-w DIR] [-o DIR] [-p S] [-l LEVEL] [--api-host H] [--api-port N]

Runs the hot folders, the queue and the HTTP API (REST, WebSocket, docs at /api/docs) until Ctrl+C or SIGTERM.
On stop, running jobs get shutdown_grace_seconds to finish and are requeued for the next start otherwise;
a second Ctrl+C cuts the grace short (running encodes are cancelled, requeued, and bvp exits 130).

Options:
  -c, --config FILE   config file (default: config/default.yaml)
      --port N        HTTP port, overriding api.port (0 = any free port)
      --inspect URL   forward state-machine inspection to a Stately inspector (ws:// or wss://); off by default
  -h, --help          show this help

The original project's flags (they override the file, also after a live reload):
  -w, --watch DIR          the one watch folder (keeps the first folder's rules)
  -o, --output DIR         the output folder
  -p, --poll-interval S    seconds between full rescans of the watch folders
  -l, --log-level LEVEL    DEBUG, INFO, WARNING, ERROR or CRITICAL (logging.level)
      --api-host HOST      api.host (anything but loopback needs api.token)
      --api-port N         the same as --port
`;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    config: { type: 'string', short: 'c' },
    port: { type: 'string' },
    inspect: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...MONITOR_OPTIONS,
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.port !== undefined && values['api-port'] !== undefined && values.port !== values['api-port']) {
    throw new UsageError(`--port ${values.port} and --api-port ${values['api-port']} disagree; give one`);
  }
  const portText = values.port ?? values['api-port'];
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new UsageError(`--port "${portText}" must be a whole number from 0 to 65535`);
  }
  const overrides = monitorOverrides(values, io.cwd) ?? undefined;
  const configFile = path.resolve(io.cwd, values.config ?? 'config/default.yaml');
  const app = await startBulletproof({
    configFile,
    env: io.env,
    startHttp: await loadStartHttp(),
    port,
    overrides,
    inspectUrl: values.inspect,
    log: (line) => writeLine(io.stderr, line),
  });
  const config = app.config();
  writeLine(io.stdout, `Bulletproof ${VERSION} on ${runtimeName()}, config ${configFile}`);
  for (const w of config.watch) writeLine(io.stdout, `  watching ${w.path} → ${w.output}`);
  writeLine(io.stdout, `  data     ${config.data}`);
  if (app.http) {
    writeLine(io.stdout, `  dashboard ${app.http.url}/`);
    writeLine(io.stdout, `  api      ${app.http.url}/api/v1  (docs ${app.http.url}/api/docs)`);
  }
  const status = app.service.status();
  if (status.paused) {
    // Restored from the store: the operator paused before the restart, and nothing starts until they resume.
    const since = status.pausedSince === null ? '' : ` (since ${new Date(status.pausedSince).toISOString()})`;
    writeLine(
      io.stdout,
      `  queue paused${since}: nothing starts until it is resumed (POST /api/v1/queue/resume)`,
    );
  }
  if (values.inspect) writeLine(io.stdout, `  inspect  forwarding to ${values.inspect}`);
  writeLine(io.stdout, 'Ready. Ctrl+C stops (running jobs are requeued if they do not finish in time).');
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  writeLine(io.stdout, io.stopNow ? 'Stopping… (press Ctrl+C again to stop now)' : 'Stopping…');
  await app.stop({ signal: io.stopNow });
  if (io.stopNow?.aborted) {
    writeLine(io.stdout, 'Stopped now: running jobs were cancelled and are pending for the next start.');
    return 130;
  }
  writeLine(io.stdout, 'Stopped.');
  return 0;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the hot folders, queue and HTTP API',
  run,
  stopsInTwoSteps: true,
};
