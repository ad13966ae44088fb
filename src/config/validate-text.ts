import { dirname, resolve } from 'node:path';
import * as v from 'valibot';
import { LineCounter, parseDocument } from 'yaml';
import { createProfileRegistry } from '../profiles/registry.ts';
import { checkApi } from './check-api.ts';
import { checkFolders } from './check-folders.ts';
import { checkCustomProfiles } from './check-profiles.ts';
import { checkRulesAndProfiles } from './check-rules.ts';
import { duplicateKeys } from './duplicate-keys.ts';
import { formatDocPath } from './issue-path.ts';
import {
  entryBound,
  MAX_CONFIG_BYTES,
  MAX_CONFIG_DEPTH,
  MAX_CONFIG_NODES,
  MAX_LISTED_ISSUES,
  nestingProblem,
  valueShape,
} from './limits.ts';
import { locate } from './locate.ts';
import { normalize } from './normalize.ts';
import { withoutRefused } from './salvage.ts';
import { ConfigFileSchema } from './schema.ts';
import { fromSchemaIssues, type RawIssue } from './schema-issues.ts';
import type { Config, ConfigIssue } from './types.ts';

export interface ValidateOptions {
  /** Named in every issue; its folder is where relative paths point unless `baseDir` says otherwise. */
  file: string;
  baseDir?: string;
  /** Overrides of the size limits in limits.ts (benchmarks measure past them). */
  maxBytes?: number;
  maxNodes?: number;
}

export type ConfigValidation = { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] };

/** Rounds of "leave the refused values out and check the rest again"; each finds at most one more unknown key per mapping. */
const SALVAGE_ROUNDS = 5;

type Where = (path: RawIssue['path'], at?: 'key' | 'value') => { line: number; column: number } | undefined;

/**
 * Parses and checks a config document without touching the disk, so the CLI, the loader and the HTTP API
 * (`POST /config/validate`, PATCH) give the same answer. Every problem is reported at once, each with the path
 * inside the document and, where the YAML says, its line and column. Linear in the size of the text: size and
 * nesting are bounded before the parser runs, and only the first issues are described and located.
 */
export function validateConfigText(text: string, options: ValidateOptions): ConfigValidation {
  const { file } = options;
  const whole = (message: string): ConfigValidation => ({ ok: false, issues: [{ file, path: '', message }] });
  const maxBytes = options.maxBytes ?? MAX_CONFIG_BYTES;
  if (text.length > maxBytes) {
    return whole(`the document is over ${Math.round(maxBytes / 1024)} KiB; a config is a few kilobytes`);
  }
  const nesting = nestingProblem(text);
  if (nesting !== null) return whole(nesting);
  // Comment lines count too, so the bound is twice the value limit.
  const maxNodes = options.maxNodes ?? MAX_CONFIG_NODES;
  if (entryBound(text) > 2 * maxNodes) {
    return whole(`the document has over ${2 * maxNodes} lines and list items; a config has a few hundred`);
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  const where: Where = (path, at) => locate(doc, counter, path, at);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.slice(0, MAX_LISTED_ISSUES).map((error) => {
        const { line, col } = counter.linePos(error.pos[0]);
        return { file, path: '', message: `YAML syntax: ${error.message.split('\n')[0]}`, line, column: col };
      }),
    };
  }
  const duplicates = duplicateKeys(doc);
  if (duplicates.length > 0) {
    // Pointed at the second spelling of the key, which is the one to remove.
    const at: Where = (path) => {
      const offset = duplicates.find((d) => d.path === path)?.offset;
      if (offset === undefined) return undefined;
      const { line, col } = counter.linePos(offset);
      return { line, column: col };
    };
    return { ok: false, issues: toConfigIssues(duplicates, file, at).issues };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return whole(`YAML: ${(error as Error).message}`);
  }
  return validateConfigValue(raw, { ...options, where });
}

/**
 * Checks a config already parsed (a JSON request body). Issues carry the path inside the document and no line:
 * there is no file text to point into unless `where` locates it.
 */
export function validateConfigValue(
  raw: unknown,
  options: ValidateOptions & { where?: Where },
): ConfigValidation {
  const { file } = options;
  const baseDir = options.baseDir ?? dirname(resolve(file));
  const where: Where = options.where ?? (() => undefined);
  const whole = (message: string): ConfigValidation => ({ ok: false, issues: [{ file, path: '', message }] });
  if (raw === null || raw === undefined) {
    return whole('the document is empty: a config needs at least a watch folder');
  }
  const maxNodes = options.maxNodes ?? MAX_CONFIG_NODES;
  const shape = valueShape(raw, maxNodes);
  if (shape.depth > MAX_CONFIG_DEPTH) {
    return whole(`the document nests deeper than ${MAX_CONFIG_DEPTH} levels; a config needs far fewer`);
  }
  if (shape.nodes > maxNodes) {
    return whole(`the document has over ${maxNodes} values; a config has a few hundred`);
  }

  let parsed = v.safeParse(ConfigFileSchema, raw, { abortEarly: false });
  const issues: RawIssue[] = [];
  let unlisted = 0;
  let rest: unknown = raw;
  // A refused value is reported and left out, and the rest is checked again: the folder and API checks below then
  // run on the rest, and a second unknown key in one mapping (valibot stops at the first) is found too.
  // A value left out is not reported a second time as missing ("required here") in the next round.
  const reported = new Set<string>();
  for (let round = 0; !parsed.success; round++) {
    const found = fromSchemaIssues(parsed.issues.slice(0, MAX_LISTED_ISSUES), ConfigFileSchema);
    const fresh = found.filter((issue) => !reported.has(JSON.stringify(issue.path)));
    for (const issue of found) reported.add(JSON.stringify(issue.path));
    issues.push(...fresh);
    unlisted += Math.max(0, parsed.issues.length - MAX_LISTED_ISSUES);
    rest = round + 1 < SALVAGE_ROUNDS && unlisted === 0 ? withoutRefused(rest, parsed.issues) : null;
    if (rest === null) break;
    parsed = v.safeParse(ConfigFileSchema, rest, { abortEarly: false });
  }
  const custom = checkCustomProfiles((raw as { profiles?: unknown }).profiles);
  issues.push(...custom.issues);
  const declared = declaredProfileNames((raw as { profiles?: unknown }).profiles);
  const known = [...new Set([...createProfileRegistry(custom.profiles).names(), ...declared])];
  issues.push(...checkRulesAndProfiles(raw, known));

  let config: Config | undefined;
  if (parsed.success) {
    const normalized = normalize(parsed.output, baseDir);
    issues.push(...normalized.issues);
    const folders = checkFolders({ ...normalized.config, profiles: custom.profiles }, normalized.origins);
    issues.push(...folders.issues, ...checkApi(folders.config.api));
    config = folders.config;
  }
  if (issues.length === 0 && config) return { ok: true, config };
  const listed = toConfigIssues(issues, file, where);
  const more = unlisted + listed.overflow;
  if (more > 0) listed.issues.push({ file, path: '', message: `… and ${more} more issues not listed` });
  return { ok: false, issues: listed.issues };
}

function toConfigIssues(
  issues: readonly RawIssue[],
  file: string,
  where: Where,
): { issues: ConfigIssue[]; overflow: number } {
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  let overflow = 0;
  for (const issue of issues) {
    const path = formatDocPath(issue.path);
    const key = `${path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Locating walks the document, so only the issues that are listed are located.
    if (out.length >= MAX_LISTED_ISSUES) {
      overflow++;
      continue;
    }
    const position = where(issue.path, issue.at);
    out.push({
      file,
      path,
      message: issue.message,
      ...(position ? { line: position.line, column: position.column } : {}),
    });
  }
  // Document order reads like the file; issues without a position (the whole document) come first.
  out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { issues: out, overflow };
}

function declaredProfileNames(profiles: unknown): string[] {
  if (!Array.isArray(profiles)) return [];
  return profiles.flatMap((p) => {
    const name = (p as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? [name] : [];
  });
}
