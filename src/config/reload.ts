import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Config, configFromText } from './index.ts';

/**
 * Reloads the config file when it changes: validated first; a valid one goes to `onValid`, an invalid one to
 * `onInvalid` and the running config stays. Editors save by rename, so the folder is watched, not the file.
 */
export function watchConfigFile(
  file: string,
  handlers: { onValid: (config: Config) => void; onInvalid: (error: unknown) => void; debounceMs?: number },
  /**
   * The text the running config came from, shared with the config API: the API records what it writes, so its own
   * write is not applied a second time, while an operator's save (any other text, however soon after) is.
   */
  state: { text: string | null } = { text: null },
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const name = path.basename(file);
  const read = () => readFile(file, 'utf8').catch(() => null);
  const check = async () => {
    const text = await read();
    // The service's own writes (PUT/PATCH /config) and editor touch-ups that change nothing are not reloads.
    if (text === null || text === state.text) return;
    state.text = text;
    let config: Config;
    try {
      config = configFromText(text, file);
    } catch (error) {
      handlers.onInvalid(error);
      return;
    }
    handlers.onValid(config);
  };
  read().then((text) => {
    state.text ??= text;
  });
  const watcher = watch(path.dirname(file), (_event, changed) => {
    if (changed !== null && changed !== name) return;
    clearTimeout(timer);
    timer = setTimeout(() => void check(), handlers.debounceMs ?? 200);
  });
  watcher.on('error', handlers.onInvalid);
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
