import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BvpError } from '../errors.ts';
import { applyConfigPatch, type ConfigPatch } from './apply-patch.ts';
import { formatIssues } from './format-issues.ts';
import type { Config } from './types.ts';
import { validateConfigText } from './validate-text.ts';
import { writeFileAtomic } from './write-atomic.ts';

const pending = new Map<string, Promise<unknown>>();

/**
 * Edits a config file in place, keeping its comments: patch, validate the whole result, then write atomically.
 * Nothing is written unless the patched config is valid, so a PATCH either applies completely or not at all (no half-applied config).
 * Saves of one file are serialised so two quick edits cannot lose each other.
 *
 * @throws BvpError `config.invalid` (details: ConfigIssue[]) or `config.io`.
 */
export function saveConfigDocument(file: string, newValues: ConfigPatch): Promise<Config> {
  const path = resolve(file);
  const previous = pending.get(path) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => save(path, newValues));
  pending.set(path, next);
  void next
    .finally(() => {
      if (pending.get(path) === next) pending.delete(path);
    })
    .catch(() => undefined);
  return next;
}

async function save(path: string, patch: ConfigPatch): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new BvpError('config.io', `Cannot read config ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const updated = applyConfigPatch(text, patch);
  const result = validateConfigText(updated, { file: path });
  if (!result.ok) {
    throw new BvpError(
      'config.invalid',
      `The change would make the config invalid:\n${formatIssues(result.issues)}`,
      {
        details: result.issues,
      },
    );
  }
  try {
    await writeFileAtomic(path, updated);
  } catch (error) {
    throw new BvpError('config.io', `Cannot write config ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return result.config;
}
