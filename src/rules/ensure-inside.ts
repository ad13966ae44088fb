import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { BvpError } from '../errors.ts';

export type InsideCheck = { ok: true; path: string } | { ok: false; error: BvpError };

/**
 * Checks, on the real filesystem, that `candidate` lies inside `outputDir`: a symlinked folder inside the output
 * folder could otherwise carry a lexically safe path anywhere. The deepest existing ancestor of each path is
 * resolved with realpath (the rest does not exist yet, so it cannot be a link). Call it when a job is created and
 * again just before writing. Failure is data (`output.escape`), for the caller to throw or report.
 */
export async function ensureInside(outputDir: string, candidate: string): Promise<InsideCheck> {
  const out = resolve(outputDir);
  const path = resolve(candidate);
  if (!within(out, path)) return escaped(`${path} is not inside the output folder ${out}`);
  let realOut: string;
  let realPath: string;
  try {
    [realOut, realPath] = await Promise.all([realDeepest(out), realDeepest(path)]);
  } catch (error) {
    // Not an escape: the name is longer than the file system allows (255 bytes a name on most).
    if ((error as NodeJS.ErrnoException).code === 'ENAMETOOLONG') {
      return {
        ok: false,
        error: new BvpError('output.name_too_long', `${path} is too long for the file system`, {
          details: { code: 'ENAMETOOLONG' },
        }),
      };
    }
    return escaped(`cannot check where ${path} really leads: ${(error as Error).message}`);
  }
  if (!within(realOut, realPath)) {
    return escaped(
      `${path} resolves to ${realPath} through a symbolic link, outside the output folder ${realOut}`,
    );
  }
  return { ok: true, path };
}

function within(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

async function realDeepest(path: string): Promise<string> {
  const rest: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), ...rest.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = dirname(current);
      // ENOENT/ENOTDIR: not there yet, look one level up. Anything else (EACCES, ELOOP) is not safe to guess past.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) throw error;
      rest.push(current.slice(parent.length).replace(/^[/\\]/, ''));
      current = parent;
    }
  }
}

function escaped(message: string): InsideCheck {
  return { ok: false, error: new BvpError('output.escape', message) };
}
