import { BvpError } from '../errors.ts';

/** A coordinator path prefix and where the same folder is on this worker. */
export interface PathMap {
  from: string;
  to: string;
}

/** `--path-map FROM=TO` → a map; the first `=` splits (Windows drive letters and URLs have none before it). */
export function parsePathMap(text: string): PathMap {
  const at = text.indexOf('=');
  const from = at > 0 ? text.slice(0, at) : '';
  const to = at > 0 ? text.slice(at + 1) : '';
  if (!from || !to) {
    throw new BvpError(
      'usage',
      `--path-map "${text}" must be FROM=TO (a coordinator folder = the same folder here)`,
      {
        details: { value: text },
      },
    );
  }
  return { from: trimSlash(from), to: trimSlash(to) };
}

function trimSlash(p: string): string {
  return p.length > 1 && (p.endsWith('/') || p.endsWith('\\')) ? p.slice(0, -1) : p;
}

/**
 * A coordinator path as this worker sees it: the longest matching prefix is replaced, on a path boundary only
 * (`/media/show` maps `/media/show/a.mov` but not `/media/showreel.mov`). Unmapped paths are returned as they are.
 */
export function mapPath(p: string, maps: readonly PathMap[]): string {
  let best: PathMap | null = null;
  for (const m of maps) {
    const boundary = p.length === m.from.length || p[m.from.length] === '/' || p[m.from.length] === '\\';
    if (p.startsWith(m.from) && boundary && (!best || m.from.length > best.from.length)) best = m;
  }
  return best ? best.to + p.slice(best.from.length) : p;
}

/** ffmpeg's file protocol prefix: the argument builder writes every input and output path as `file:<path>`. */
const FILE_URL = 'file:';

/**
 * Every argument that is a coordinator path (by prefix), bare or as a `file:` URL, mapped; options and filter
 * strings pass unchanged.
 */
export function mapArgs(args: readonly string[], maps: readonly PathMap[]): string[] {
  if (maps.length === 0) return [...args];
  return args.map((a) =>
    a.startsWith(FILE_URL) ? FILE_URL + mapPath(a.slice(FILE_URL.length), maps) : mapPath(a, maps),
  );
}
