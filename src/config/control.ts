import { readFile } from 'node:fs/promises';
import { BvpError } from '../errors.ts';
import type { ConfigPatch } from './apply-patch.ts';
import { editDocument, validateWanted } from './edit-document.ts';
import { type Config, type ConfigIssue, validateConfigText, writeFileAtomic } from './index.ts';
import { restartRequired } from './restart-required.ts';

export type ConfigValidationView = { valid: true; issues: [] } | { valid: false; issues: ConfigIssue[] };

export interface ConfigChange {
  config: Config;
  /** Changed settings that take effect only after a restart (dotted paths). */
  restartRequired: string[];
}

/** What `POST /config/validate` takes: YAML text, a whole document, or a config object (whole or partial). */
export type ValidateInput =
  | { yaml: string }
  | { document: Record<string, unknown> }
  | { config: Record<string, unknown> };

/** What the config routes need: the running config and edits that are all-or-nothing. */
export interface ConfigControl {
  current(): Config;
  validate(input: ValidateInput): Promise<ConfigValidationView>;
  /** RFC 7396 merge in the file's own keys, or in the original project's keys (mapped onto the real ones). */
  patch(patch: ConfigPatch): Promise<ConfigChange>;
  /** The whole document; keys it leaves out are removed from the file. */
  replace(document: Record<string, unknown>): Promise<ConfigChange>;
  /** The config file's text as it is on disk (the dashboard's editor). */
  readText?(): Promise<string>;
  /** The whole file's new text, validated and applied like any edit (the dashboard's editor). */
  replaceText?(yaml: string): Promise<ConfigChange>;
}

/**
 * The text the running config came from, shared by the API's edits and the file watcher: a file change whose text
 * is this one is the service's own write and is not applied a second time; any other text is an operator's save.
 */
export interface ConfigFileState {
  text: string | null;
}

export interface FileConfigControlOptions {
  file: string;
  current: () => Config;
  /** Makes a validated config the running one (watchers, rules, concurrency); may refuse by throwing. */
  apply: (config: Config) => void | Promise<void>;
  /** Shared with watchConfigFile so one edit is applied once. */
  state?: ConfigFileState;
}

// setTimeout rather than setImmediate: Deno has no setImmediate global.
const yieldToLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Config edits for a file-backed service: edit the YAML text (keeping comments) → validate the whole result →
 * apply to the running service → write the file atomically, unless an operator saved it meanwhile. A refusal at any
 * step leaves both the file and the running config as they were. Edits are serialised so two quick ones cannot lose
 * each other, and the loop is given back between the steps so /health keeps answering.
 */
export function createFileConfigControl(options: FileConfigControlOptions): ConfigControl {
  const { file } = options;
  const state = options.state ?? { text: null };
  let chain: Promise<unknown> = Promise.resolve();

  async function read(): Promise<string> {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new BvpError('config.io', `Cannot read config ${file}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** The dashboard's editor sends the whole file: validated as the file would be, written as typed. */
  function wholeText(yaml: string): { text: string; config: Config } {
    const result = validateConfigText(yaml, { file });
    if (!result.ok) {
      throw new BvpError('config.invalid', 'The new text is not a valid config; nothing was changed', {
        details: { issues: result.issues },
      });
    }
    return { text: yaml, config: result.config };
  }

  async function edit(plan: (text: string) => { text: string; config: Config }): Promise<ConfigChange> {
    const text = await read();
    await yieldToLoop();
    const next = plan(text);
    await yieldToLoop();
    const previous = options.current();
    const ownBefore = state.text;
    // Set before the write lands, so the watcher's event for it is recognised as ours.
    state.text = next.text;
    try {
      await options.apply(next.config);
    } catch (error) {
      state.text = ownBefore;
      throw error;
    }
    try {
      await writeFileAtomic(file, next.text, { expect: text });
    } catch (error) {
      state.text = ownBefore;
      await options.apply(previous);
      if (error instanceof BvpError) throw error;
      throw new BvpError('config.io', `Cannot write config ${file}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return { config: next.config, restartRequired: restartRequired(previous, next.config) };
  }

  function serial(plan: (text: string) => { text: string; config: Config }): Promise<ConfigChange> {
    const next = chain.catch(() => undefined).then(() => edit(plan));
    chain = next;
    return next;
  }

  return {
    current: options.current,
    async validate(input) {
      let result: ReturnType<typeof validateConfigText>;
      if ('yaml' in input) result = validateConfigText(input.yaml, { file });
      else if ('document' in input) result = validateWanted(await read(), file, input.document, 'replace');
      else {
        // A partial object is checked as a PATCH of the running file; one naming its watch folders stands alone.
        const whole = 'watch' in input.config || 'watch_directory' in input.config;
        result = validateWanted(await read(), file, input.config, whole ? 'replace' : 'merge');
      }
      return result.ok ? { valid: true, issues: [] } : { valid: false, issues: result.issues };
    },
    patch: (patch) => serial((text) => editDocument(text, file, patch, 'merge')),
    replace: (document) => serial((text) => editDocument(text, file, document, 'replace')),
    readText: read,
    replaceText: (yaml) => serial(() => wholeText(yaml)),
  };
}
