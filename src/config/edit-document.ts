import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { BvpError } from '../errors.ts';
import { applyConfigPatch, type ConfigPatch } from './apply-patch.ts';
import { applyEdits, planEdits } from './edit-plan.ts';
import { mapOriginalKeys, mergePatch } from './original-keys.ts';
import { configToFileForm } from './to-file-form.ts';
import type { Config, ConfigIssue } from './types.ts';
import { type ConfigValidation, validateConfigText, validateConfigValue } from './validate-text.ts';

/** Issues of a JSON body name it instead of the file: their paths point into the body, not to lines on disk. */
export const BODY = 'request body';
/** What `GET /config` shows in place of a token; sent back unchanged, it means "keep the token". */
export const REDACTED = '***';

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface DocumentEdit {
  text: string;
  config: Config;
}

/** The file's text as a plain value, or a refusal when the file on disk is not YAML. */
export function fileValue(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) {
    throw new BvpError(
      'config.invalid',
      `The config file has a YAML error (${doc.errors[0]!.message.split('\n')[0]}); fix the file first`,
    );
  }
  return doc.toJS({ maxAliasCount: 100 }) ?? {};
}

function invalid(issues: ConfigIssue[]): never {
  throw new BvpError('config.invalid', 'The change would make the config invalid; nothing was changed', {
    details: { issues },
  });
}

function same(a: Config, b: Config): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A body in the shape GET /config answers: its read-only `listening` goes, a redacted token means "unchanged". */
export function withoutViewOnly(body: Plain, file: unknown): Plain {
  const { listening: _listening, ...rest } = body;
  const api = rest.api;
  if (isPlain(api) && api.token === REDACTED) {
    const token = isPlain(file) && isPlain(file.api) ? file.api.token : undefined;
    const { token: _t, ...others } = api;
    rest.api = token === undefined ? others : { ...others, token };
  }
  return rest;
}

/**
 * What a PUT (`replace`) or PATCH (`merge`) does to the file's text: the wanted document is validated as JSON first
 * (issues point into the body), then written as the fewest node edits that give it that meaning, so comments, key
 * order and relative paths stay. When those edits would not mean what the body means, the document is rewritten
 * key by key instead. Nothing here touches the disk.
 * @throws BvpError `config.invalid` with `details.issues`.
 */
export function editDocument(
  text: string,
  file: string,
  body: ConfigPatch,
  mode: 'replace' | 'merge',
): DocumentEdit {
  const baseDir = dirname(resolve(file));
  const current = fileValue(text);
  const cleaned = withoutViewOnly(body as Plain, current);
  const wanted =
    mode === 'replace' ? cleaned : (mergePatch(current, mapOriginalKeys(cleaned, current)) as Plain);
  const target = validateConfigValue(wanted, { file: BODY, baseDir });
  if (!target.ok) invalid(target.issues);
  const before = validateConfigText(text, { file });
  const effective = before.ok ? configToFileForm(before.config) : undefined;
  const edits = planEdits(current, wanted, effective, {
    baseDir,
    removeMissing: mode === 'replace' ? 'effective-only' : 'all',
  });
  const planned = applyEdits(text, edits);
  const check = validateConfigText(planned, { file });
  if (check.ok && same(check.config, target.config)) return { text: planned, config: check.config };
  // The file's own spellings could not carry the change: write the body's keys as sent.
  const rewritten = applyConfigPatch(text, replacementPatch(current, wanted));
  const result = validateConfigText(rewritten, { file });
  return result.ok ? { text: rewritten, config: result.config } : invalid(result.issues);
}

/** The merge patch that turns `from` into `to`, so surviving keys keep their comments in the file. */
export function replacementPatch(from: unknown, to: Plain): ConfigPatch {
  const patch: Plain = {};
  const old = isPlain(from) ? from : {};
  for (const key of Object.keys(old)) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    patch[key] = isPlain(value) && isPlain(old[key]) ? replacementPatch(old[key], value) : value;
  }
  return patch;
}

/** How a config the service could take would validate, for POST /config/validate. */
export function validateWanted(
  text: string,
  file: string,
  body: Plain,
  mode: 'replace' | 'merge',
): ConfigValidation {
  const baseDir = dirname(resolve(file));
  try {
    const current = fileValue(text);
    const wanted = mode === 'replace' ? body : mergePatch(current, mapOriginalKeys(body, current));
    return validateConfigValue(wanted, { file: BODY, baseDir });
  } catch (error) {
    const issues = (error as BvpError).details as { issues?: ConfigIssue[] } | undefined;
    if (issues?.issues) return { ok: false, issues: issues.issues };
    throw error;
  }
}
