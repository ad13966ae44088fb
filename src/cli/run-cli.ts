import { isBvpError } from '../errors.ts';
import { UsageError } from './args.ts';
import type { CliCommand, CliIo } from './io.ts';

/** Commands load lazily: `bvp profiles` should not pay for the HTTP server's imports. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  serve: {
    summary: 'run the hot folders, queue and HTTP API (alias: monitor start)',
    load: async () => (await import('./commands/serve.ts')).serveCommand,
  },
  status: {
    summary: 'job counts and active jobs, from the store',
    load: async () => (await import('./commands/status.ts')).statusCommand,
  },
  config: {
    summary: 'validate, create or show a config file',
    load: async () => (await import('./commands/config.ts')).configCommand,
  },
  rules: {
    summary: 'explain which rule a file matches and where its output goes',
    load: async () => (await import('./commands/rules.ts')).rulesCommand,
  },
  transcode: {
    summary: 'encode one file with a profile (verified; the input is never touched)',
    load: async () => (await import('./commands/transcode.ts')).transcodeCommand,
  },
  run: {
    summary: 'push files through the durable queue (resumes after a crash) with live progress lines',
    load: async () => (await import('./commands/run.ts')).runCommand,
  },
  batch: {
    summary: 'transcode every media file in a folder, with a summary',
    load: async () => (await import('./commands/batch.ts')).batchCommand,
  },
  analyze: {
    summary: 'show what a file contains and what a profile would change',
    load: async () => (await import('./commands/analyze.ts')).analyzeCommand,
  },
  profiles: {
    summary: 'list the profiles',
    load: async () => (await import('./commands/profiles.ts')).profilesCommand,
  },
  machines: {
    summary: 'print the state machines as Mermaid diagrams or XState JSON',
    load: async () => (await import('./commands/machines.ts')).machinesCommand,
  },
  doctor: {
    summary: 'check ffmpeg, ffprobe and the encoders the profiles need',
    load: async () => (await import('./commands/doctor.ts')).doctorCommand,
  },
  worker: {
    summary: 'encode for a coordinator over Redis (cluster mode, Node only)',
    load: async () => (await import('./commands/worker.ts')).workerCommand,
  },
};

/** Two-word spellings of the original project, mapped onto our commands. */
const ALIASES: Record<string, string> = { 'monitor start': 'serve' };

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: bvp <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "bvp <command> --help" for a command's options.\n`;
}

/** The process's own streams and signals, and the switch that says whether a second Ctrl+C cuts a stop short. */
interface ProcessIo {
  io: CliIo;
  stopsInTwoSteps(on: boolean): void;
}

function processIo(): ProcessIo {
  const interrupted = new AbortController();
  const stopNow = new AbortController();
  let twoSteps = false;
  // A persistent listener, not `once`: execa's signal-exit re-raises the signal (killing us before cleanup) when it
  // finds no other listener. The first Ctrl+C stops cleanly. A second one leaves at once — except in a command that
  // stops in two steps (`bvp serve`), where it cuts the grace period short and the command still cleans up; a third
  // one there leaves at once.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (!interrupted.signal.aborted) return interrupted.abort(new Error(signal));
      if (twoSteps && !stopNow.signal.aborted) return stopNow.abort(new Error(`${signal} again`));
      process.exit(130);
    });
  }
  return {
    io: {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      cwd: process.cwd(),
      signal: interrupted.signal,
      stopNow: stopNow.signal,
    },
    stopsInTwoSteps: (on) => {
      twoSteps = on;
    },
  };
}

/** Dispatches `bvp <command> …` and returns the exit code: 0 ok, 1 failure, 2 bad usage, 130 interrupted. */
export async function runCli(argv: string[], given?: CliIo): Promise<number> {
  const own = given ? null : processIo();
  const io = given ?? (own as ProcessIo).io;
  let [name, ...rest] = argv;
  const alias = ALIASES[`${name} ${rest[0]}`];
  if (alias) [name, rest] = [alias, rest.slice(1)];
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${(await import('../version.ts')).VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr.write(`bvp: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  const command = await entry.load();
  own?.stopsInTwoSteps(command.stopsInTwoSteps === true);
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`bvp ${name}: ${error.message}\nRun "bvp ${name} --help" for usage.\n`);
      return 2;
    }
    if (isBvpError(error)) {
      io.stderr.write(`bvp ${name}: [${error.code}] ${error.message}\n`);
      return error.code === 'profile.unknown' || error.code === 'usage' ? 2 : 1;
    }
    throw error;
  }
}
