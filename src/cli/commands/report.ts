import type { BvpError } from '../../errors.ts';
import { writeLine } from '../args.ts';
import type { CliIo } from '../io.ts';

/** Prints a failed job the way an operator needs it: the file, the code, the message and ffmpeg's last words. */
export function printFailure(io: CliIo, file: string, error: BvpError): void {
  if (error.isCanceled) {
    writeLine(io.stderr, `bvp: cancelled "${file}"; temp file removed, input untouched`);
    return;
  }
  writeLine(io.stderr, `bvp: failed "${file}" [${error.code}]: ${error.message}`);
  const checks = (
    error.details as { checks?: Array<{ name: string; ok: boolean; expected: string; actual: string }> }
  )?.checks;
  for (const check of checks?.filter((c) => !c.ok) ?? []) {
    writeLine(io.stderr, `  check ${check.name}: expected ${check.expected}, got ${check.actual}`);
  }
  if (error.stderrTail.length > 0) {
    writeLine(io.stderr, '  ffmpeg said:');
    for (const line of error.stderrTail.slice(-10)) writeLine(io.stderr, `    ${line}`);
  }
}
