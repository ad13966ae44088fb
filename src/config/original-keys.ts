import { dirname } from 'node:path';
import { BvpError } from '../errors.ts';
import type { ConfigPatch } from './apply-patch.ts';

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The original project's monitor.yaml keys, which the loader maps onto the richer form (normalize.ts). */
export const ORIGINAL_KEYS = [
  'watch_directory',
  'output_directory',
  'poll_interval',
  'delete_input',
  'log_level',
  'log_file',
  'persist_path',
  'rules',
] as const;

function refuse(key: string, message: string): never {
  throw new BvpError('config.invalid', `PATCH key "${key}": ${message}; nothing was changed`, {
    details: { issues: [{ file: 'request body', path: key, message }] },
  });
}

/**
 * A PATCH written in the original's keys, rewritten onto the keys this file really uses, the way the loader maps them
 * when it reads a file: `poll_interval` → every watch folder's scan interval, `delete_input` → `source_action`,
 * `log_level`/`log_file` → `logging`, `output_directory` → `output`, `persist_path` → `data`, and
 * `watch_directory`/`rules` → the single watch folder. A file written in the original form takes them as they are.
 * A key that cannot be mapped (two watch folders for one `watch_directory`) is refused, never written as a key that
 * changes nothing.
 * @throws BvpError `config.invalid` naming the key.
 */
export function mapOriginalKeys(patch: ConfigPatch, file: unknown): ConfigPatch {
  const doc = isPlain(file) ? file : {};
  if ('watch_directory' in doc && !('watch' in doc)) return patch;
  const out: Plain = { ...patch };
  const watches = Array.isArray(doc.watch) ? (doc.watch as unknown[]) : [];
  const claim = (from: string, to: string) => {
    if (to in patch) refuse(from, `"${from}" and "${to}" both given; send one`);
  };
  const onlyWatch = (from: string, set: Plain) => {
    if (watches.length !== 1 || !isPlain(watches[0])) {
      refuse(
        from,
        `this config has ${watches.length} watch folders, so "${from}" does not say which one; edit watch[i] instead`,
      );
    }
    const current = Array.isArray(out.watch) ? out.watch[0] : watches[0];
    out.watch = [{ ...(current as Plain), ...set }];
  };
  if ('poll_interval' in patch && !('watch' in patch) && watches.length > 0) {
    // The scan interval lives on each watch folder; a top-level one is only what folders without their own inherit.
    const value = patch.poll_interval;
    if (!('poll_interval' in doc)) delete out.poll_interval;
    out.watch = watches.map((w) => (isPlain(w) ? { ...w, poll_interval: value } : w));
  }
  for (const key of ORIGINAL_KEYS) {
    if (!(key in patch) || key in doc || key === 'poll_interval') continue;
    const value = patch[key];
    delete out[key];
    switch (key) {
      case 'watch_directory':
        claim(key, 'watch');
        onlyWatch(key, { path: value });
        break;
      case 'rules':
        claim(key, 'watch');
        onlyWatch(key, { rules: value });
        break;
      case 'delete_input':
        claim(key, 'source_action');
        out.source_action = value === null ? null : value ? 'delete' : 'keep';
        break;
      case 'output_directory':
        claim(key, 'output');
        out.output = value;
        break;
      case 'persist_path':
        claim(key, 'data');
        out.data = typeof value === 'string' && /\.json$/i.test(value) ? dirname(value) : value;
        break;
      case 'log_level':
      case 'log_file': {
        const field = key === 'log_level' ? 'level' : 'file';
        const logging = isPlain(out.logging) ? out.logging : {};
        if (field in logging) refuse(key, `"${key}" and "logging.${field}" both given; send one`);
        out.logging = { ...logging, [field]: value };
        break;
      }
    }
  }
  return out;
}

/** RFC 7396: objects merge, anything else replaces, null removes. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlain(patch)) return patch;
  const out: Plain = isPlain(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (value !== undefined) out[key] = mergePatch(out[key], value);
  }
  return out;
}
