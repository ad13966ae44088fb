import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import {
  applyConfigPatch,
  type Config,
  type ConfigIssue,
  type ConfigPatch,
  validateConfigText,
  writeFileAtomic,
} from '../config/index.ts';
import { BvpError } from '../errors.ts';

export type ConfigValidationView = { valid: true; issues: [] } | { valid: false; issues: ConfigIssue[] };

export interface ConfigChange {
  config: Config;
  /** Settings that only take effect after a restart (the listening address). */
  restartRequired: string[];
}

/** What the config routes need: the running config and edits that are all-or-nothing. */
export interface ConfigControl {
  current(): Config;
  validate(input: { yaml: string } | { document: Record<string, unknown> }): ConfigValidationView;
  /** RFC 7396 merge in the file's own keys. */
  patch(patch: ConfigPatch): Promise<ConfigChange>;
  /** The whole document; keys it leaves out are removed from the file. */
  replace(document: Record<string, unknown>): Promise<ConfigChange>;
  /** The config file's text as it is on disk (the dashboard's editor). */
  readText?(): Promise<string>;
  /** The whole file's new text, validated and applied like any edit (the dashboard's editor). */
  replaceText?(yaml: string): Promise<ConfigChange>;
}

export interface FileConfigControlOptions {
  file: string;
  current: () => Config;
  /** Makes a validated config the running one (watchers, rules, concurrency); may refuse by throwing. */
  apply: (config: Config) => void | Promise<void>;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The merge patch that turns `from` into `to`, so surviving keys keep their comments in the file. */
export function replacementPatch(from: unknown, to: Record<string, unknown>): ConfigPatch {
  const patch: Record<string, unknown> = {};
  const old = isMap(from) ? from : {};
  for (const key of Object.keys(old)) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    patch[key] = isMap(value) && isMap(old[key]) ? replacementPatch(old[key], value) : value;
  }
  return patch;
}

/**
 * Config edits for a file-backed service: patch the YAML text (keeping comments) → validate the whole result →
 * apply to the running service → write the file atomically. A refusal at any step leaves both the file and the
 * running config as they were (the original applied PATCH fields one by one and could fail half-way). Edits are
 * serialised so two quick ones cannot lose each other.
 */
export function createFileConfigControl(options: FileConfigControlOptions): ConfigControl {
  const { file } = options;
  let chain: Promise<unknown> = Promise.resolve();

  function validateText(text: string) {
    return validateConfigText(text, { file });
  }

  async function edit(change: (text: string) => string): Promise<ConfigChange> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new BvpError('config.io', `Cannot read config ${file}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const updated = change(text);
    const result = validateText(updated);
    if (!result.ok) {
      throw new BvpError('config.invalid', 'The change would make the config invalid; nothing was changed', {
        details: { issues: result.issues },
      });
    }
    const previous = options.current();
    await options.apply(result.config);
    try {
      await writeFileAtomic(file, updated);
    } catch (error) {
      await options.apply(previous);
      throw new BvpError('config.io', `Cannot write config ${file}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const restartRequired = (['host', 'port'] as const)
      .filter((key) => previous.api[key] !== result.config.api[key])
      .map((key) => `api.${key}`);
    return { config: result.config, restartRequired };
  }

  function serial(change: (text: string) => string): Promise<ConfigChange> {
    const next = chain.catch(() => undefined).then(() => edit(change));
    chain = next;
    return next;
  }

  return {
    current: options.current,
    validate(input) {
      const text = 'yaml' in input ? input.yaml : stringify(input.document);
      const result = validateText(text);
      return result.ok ? { valid: true, issues: [] } : { valid: false, issues: result.issues };
    },
    patch: (patch) => serial((text) => applyConfigPatch(text, patch)),
    replace: (document) => serial((text) => applyConfigPatch(text, replacementPatch(parse(text), document))),
    readText: () => readFile(file, 'utf8'),
    replaceText: (yaml) => serial(() => yaml),
  };
}
