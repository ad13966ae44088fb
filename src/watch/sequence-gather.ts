import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type FolderStat, parseFrameName, statFolder } from '../media/sequence-frames.ts';

/**
 * The image-sequence folder a candidate belongs to, or null: a numbered picture (`intro_00001.png`) in a sub-folder
 * of the watch folder is a frame of that sub-folder's sequence, never a still of its own. Pictures at the top of the
 * watch folder stay stills, numbered or not, so a folder of slides dropped loose keeps working.
 */
export function sequenceFolderOf(watchPath: string, absPath: string): string | null {
  const folder = path.dirname(absPath);
  if (folder === path.resolve(watchPath)) return null;
  return parseFrameName(path.basename(absPath)) ? folder : null;
}

export interface SequenceGatherOptions {
  /** A folder's frames as they are now; null when the folder is gone or holds no frame any more. */
  onFolder: (folder: string, stat: FolderStat | null) => void;
  onError: (error: unknown) => void;
}

export interface SequenceGather {
  /** A frame of `folder` appeared, changed or went away: the folder is listed again (soon, once per burst). */
  touch(folder: string): void;
  /** Folders listed or waiting to be. */
  pending(): number;
  close(): void;
}

interface Slot {
  again: boolean;
}

// A copy of 10,000 frames sends an event per frame, and each listing lstats every frame: between two listings of
// one folder at least this long passes, so the work grows with the copy's duration, not with frames squared. The
// last change is still listed (trailing edge), and the folder's stable window is seconds anyway.
const RELIST_GAP_MS = 500;

/**
 * Turns frame sightings into folder sightings. Every frame event leads to one listing of its folder (a burst of
 * events while a listing runs collapses into one more), and the folder's summed identity goes to `onFolder`, which
 * hands it to the folder's intake actor: each new or grown frame restarts the folder's stable window, so a sequence
 * still being copied is not picked up until no frame has changed for the whole window.
 */
export function createSequenceGather(options: SequenceGatherOptions): SequenceGather {
  const inFlight = new Map<string, Slot>();
  const stop = new AbortController();
  let closed = false;

  async function list(folder: string, slot: Slot): Promise<void> {
    do {
      slot.again = false;
      let stat: FolderStat | null;
      const started = performance.now();
      try {
        stat = await statFolder(folder);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') options.onError(error);
        stat = null;
      }
      if (closed) return;
      options.onFolder(folder, stat && stat.frames > 0 ? stat : null);
      // A slow listing (a share, 10,000 frames: about 0.5 s here) waits twice its own time: at most a third busy.
      const gap = Math.max(RELIST_GAP_MS, 2 * (performance.now() - started));
      if (slot.again) await delay(gap, undefined, { signal: stop.signal, ref: false }).catch(() => {});
    } while (slot.again && !closed);
  }

  return {
    touch(folder) {
      if (closed) return;
      const slot = inFlight.get(folder);
      if (slot) {
        slot.again = true;
        return;
      }
      const fresh: Slot = { again: false };
      inFlight.set(folder, fresh);
      list(folder, fresh)
        .catch(options.onError)
        .finally(() => inFlight.delete(folder));
    },
    pending: () => inFlight.size,
    close() {
      closed = true;
      stop.abort();
    },
  };
}
