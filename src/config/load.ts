import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BvpError } from '../errors.ts';
import { formatIssues } from './format-issues.ts';
import type { Config } from './types.ts';
import { validateConfigText } from './validate-text.ts';

/**
 * Reads and validates a config file; relative paths inside it resolve against its folder.
 *
 * @throws BvpError `config.io` when the file cannot be read; `config.invalid` with `details: ConfigIssue[]` (every
 * problem at once) when it is not a valid config.
 */
export async function loadConfig(file: string): Promise<Config> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new BvpError('config.io', `Cannot read config ${path}: ${why}`, { cause: error });
  }
  return configFromText(text, path);
}

/**
 * The validated config in `text` (the contents of `file`), for callers that already read the file.
 * @throws BvpError `config.invalid` with `details: ConfigIssue[]`.
 */
export function configFromText(text: string, file: string): Config {
  const result = validateConfigText(text, { file });
  if (result.ok) return result.config;
  const count = result.issues.length;
  throw new BvpError(
    'config.invalid',
    `Config ${file} has ${count} problem${count === 1 ? '' : 's'}:\n${formatIssues(result.issues)}`,
    { details: result.issues },
  );
}
