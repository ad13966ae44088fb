/**
 * What a CLI command may touch of the outside world. Commands take it as a parameter so tests can run them
 * in-process, and the real `bvp` binary passes the process's streams.
 */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM: long-running commands clean up and return a non-zero code. */
  signal: AbortSignal;
}

/** A `bvp <name>` command: parses its own argv (after the command name) and returns the exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}
