import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';

export interface SlowWriteOptions {
  chunks: number;
  /** Pause between two chunks: the pace of the copy under test, not a wait for a condition. */
  intervalMs: number;
  /** Called after each chunk is written (1-based count). */
  onChunk?: (written: number) => void;
}

export interface SlowWrite {
  /** Resolves when the last chunk is written and the file closed. */
  done: Promise<{ lastWriteAt: number; bytes: number }>;
  /** Resolves once `n` chunks are on disk. */
  reached(n: number): Promise<void>;
  chunksWritten(): number;
}

/**
 * Writes `bytes` into `file` in equal chunks with a pause between them, the way a slow network copy or a stalled
 * card reader delivers a file. `lastWriteAt` is taken after the final write returned: the earliest moment the file
 * was complete, so "picked up no earlier than lastWriteAt + stable window" is the property under test.
 */
export function writeSlowly(file: string, bytes: Buffer, options: SlowWriteOptions): SlowWrite {
  let written = 0;
  const waiting: Array<{ n: number; resolve: () => void }> = [];
  const size = Math.ceil(bytes.length / options.chunks);
  const done = (async () => {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(file, 'w');
    let lastWriteAt = 0;
    try {
      for (let i = 0; i < options.chunks; i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
        const chunk = bytes.subarray(i * size, Math.min(bytes.length, (i + 1) * size));
        await handle.write(chunk, 0, chunk.length, i * size);
        lastWriteAt = Date.now();
        written = i + 1;
        options.onChunk?.(written);
        for (const w of waiting.filter((w) => w.n <= written)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve();
        }
      }
    } finally {
      await handle.close();
    }
    return { lastWriteAt, bytes: bytes.length };
  })();
  return {
    done,
    reached: (n) =>
      n <= written ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ n, resolve })),
    chunksWritten: () => written,
  };
}
