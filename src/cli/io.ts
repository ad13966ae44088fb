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
  /**
   * Aborted on a second SIGINT/SIGTERM, for a command that stops in two steps ({@link CliCommand.stopsInTwoSteps}):
   * the graceful stop is cut short (running encodes cancelled, their temp files removed, the jobs requeued).
   */
  stopNow?: AbortSignal;
}

/** A `bvp <name>` command: parses its own argv (after the command name) and returns the exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
  /**
   * True for a command whose stop waits (a grace period): a second Ctrl+C aborts `io.stopNow` and the command still
   * cleans up. Any other command leaves at once on a second Ctrl+C.
   */
  stopsInTwoSteps?: boolean;
}
