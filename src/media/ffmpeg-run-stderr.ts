/** The last lines of a stream, kept while it is drained so a noisy ffmpeg never blocks on a full pipe. */
export interface LineTail {
  push(line: string): void;
  lines(): string[];
}

export const STDERR_TAIL_LINES = 50;

export function createLineTail(max: number = STDERR_TAIL_LINES): LineTail {
  const kept: string[] = [];
  return {
    push(line) {
      kept.push(line);
      if (kept.length > max) kept.splice(0, kept.length - max);
    },
    lines: () => [...kept],
  };
}

// ffmpeg's closing lines repeat that it failed without saying why; the cause is the line before them.
const NOT_MEANINGFUL = [
  /^\s*$/,
  /^Conversion failed!?\s*$/i,
  /^Exiting normally/i,
  /^\[q\] command received/i,
  /^(frame|size)=\s*\S+.*(time|bitrate)=/,
];

/** The last stderr line that explains a failure, if any. */
export function lastMeaningfulLine(lines: readonly string[]): string | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (!NOT_MEANINGFUL.some((re) => re.test(line))) return line;
  }
  return null;
}
