import { dirname, resolve } from 'node:path';
import * as v from 'valibot';
import { LineCounter, parseDocument } from 'yaml';
import { createProfileRegistry } from '../profiles/registry.ts';
import { checkApi } from './check-api.ts';
import { checkFolders } from './check-folders.ts';
import { checkCustomProfiles } from './check-profiles.ts';
import { checkRulesAndProfiles } from './check-rules.ts';
import { formatDocPath } from './issue-path.ts';
import { locate } from './locate.ts';
import { normalize } from './normalize.ts';
import { ConfigFileSchema } from './schema.ts';
import { fromSchemaIssues, type RawIssue } from './schema-issues.ts';
import type { Config, ConfigIssue } from './types.ts';

export interface ValidateOptions {
  /** Named in every issue; its folder is where relative paths point unless `baseDir` says otherwise. */
  file: string;
  baseDir?: string;
}

export type ConfigValidation = { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] };

/**
 * Parses and checks a config document without touching the disk, so the CLI, the loader and the HTTP API
 * (`POST /config/validate`, PATCH) give the same answer. Every problem is reported at once (#15, #20), each with
 * the path inside the document and, where the YAML says, its line and column.
 */
export function validateConfigText(text: string, options: ValidateOptions): ConfigValidation {
  const { file } = options;
  const baseDir = options.baseDir ?? dirname(resolve(file));
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((error) => {
        const { line, col } = counter.linePos(error.pos[0]);
        return { file, path: '', message: `YAML syntax: ${error.message.split('\n')[0]}`, line, column: col };
      }),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, issues: [{ file, path: '', message: `YAML: ${(error as Error).message}` }] };
  }
  if (raw === null || raw === undefined) {
    return {
      ok: false,
      issues: [{ file, path: '', message: 'the document is empty: a config needs at least a watch folder' }],
    };
  }

  const parsed = v.safeParse(ConfigFileSchema, raw, { abortEarly: false });
  const issues: RawIssue[] = parsed.success ? [] : fromSchemaIssues(parsed.issues, ConfigFileSchema);
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
  return { ok: false, issues: toConfigIssues(issues, file, (path, at) => locate(doc, counter, path, at)) };
}

function toConfigIssues(
  issues: readonly RawIssue[],
  file: string,
  where: (path: RawIssue['path'], at?: 'key' | 'value') => { line: number; column: number } | undefined,
): ConfigIssue[] {
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const path = formatDocPath(issue.path);
    const key = `${path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const position = where(issue.path, issue.at);
    out.push({
      file,
      path,
      message: issue.message,
      ...(position ? { line: position.line, column: position.column } : {}),
    });
  }
  // Document order reads like the file; issues without a position (the whole document) come first.
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function declaredProfileNames(profiles: unknown): string[] {
  if (!Array.isArray(profiles)) return [];
  return profiles.flatMap((p) => {
    const name = (p as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? [name] : [];
  });
}
