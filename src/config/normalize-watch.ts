import type { SourceAction } from '../../machines/types.ts';
import { BUILTIN_IGNORE, DEFAULT_EXTENSIONS, DEFAULT_OUTPUT_PATTERN, DEFAULTS } from './defaults.ts';
import { type DocPath, formatDocPath } from './issue-path.ts';
import type { RuleFile, SourceActionFile, WatchFile } from './schema.ts';
import type { RawIssue } from './schema-issues.ts';
import type { RuleConfig, WatchConfig } from './types.ts';

/** Where each watch's values were written, so later checks can point at the right line in either form. */
export interface WatchOrigin {
  entry: DocPath;
  path: DocPath;
  output: DocPath;
  sourceAction: DocPath;
  rules: DocPath[];
}

/** What a watch entry inherits from the top level of the file. */
export interface WatchContext {
  abs: (value: string) => string;
  output: string;
  outputKey: DocPath;
  sourceAction: SourceAction;
  sourceActionKey: DocPath;
  pollInterval: number | undefined;
  /** Top-level `rules`: the original form's rules, or shared by watches without rules or a profile. */
  sharedRules: readonly RuleFile[];
}

/**
 * One watch entry with its defaults and inherited values filled in. The original form arrives as an entry at the
 * document root (`entry` = []), so its keys are reported as `watch_directory` and `rules[i]`.
 */
export function normalizeWatch(
  raw: WatchFile,
  entry: DocPath,
  context: WatchContext,
): { watch: WatchConfig; origin: WatchOrigin; issues: RawIssue[]; usesSharedRules: boolean } {
  const { abs } = context;
  const issues: RawIssue[] = [];
  const original = entry.length === 0;
  if (raw.source_action !== undefined && raw.delete_input !== undefined) {
    issues.push({
      path: [...entry, 'delete_input'],
      message: '"source_action" and "delete_input" both set; keep one',
      at: 'key',
    });
  }
  const sourceAction = toSourceAction(raw.source_action, raw.delete_input, abs) ?? context.sourceAction;
  const useShared = raw.rules === undefined && raw.profile === undefined;
  const ruleList: { rule: RuleFile; path: DocPath }[] = raw.rules
    ? raw.rules.map((rule, i) => ({ rule, path: [...entry, 'rules', i] }))
    : useShared
      ? context.sharedRules.map((rule, i) => ({ rule, path: ['rules', i] }))
      : [];
  if (ruleList.length === 0 && raw.profile === undefined) {
    issues.push({
      path: original ? ['rules'] : entry,
      message:
        'this watch folder has no rules and no profile: add "profile: <name>" (a drop folder) or rules',
    });
  }
  const origin: WatchOrigin = {
    entry,
    path: original ? ['watch_directory'] : [...entry, 'path'],
    output: raw.output !== undefined ? [...entry, 'output'] : context.outputKey,
    sourceAction:
      raw.delete_input !== undefined
        ? [...entry, 'delete_input']
        : raw.source_action !== undefined
          ? [...entry, 'source_action']
          : context.sourceActionKey,
    rules: ruleList.map((r) => r.path),
  };
  const watch: WatchConfig = {
    path: abs(raw.path),
    recursive: raw.recursive ?? DEFAULTS.recursive,
    extensions: normalizeExtensions(raw.extensions ?? DEFAULT_EXTENSIONS),
    // The operator's globs add to the built-in ones: dropping `._*` or `*.part` by accident would ingest macOS metadata files and half-downloaded files.
    ignore: [...new Set([...BUILTIN_IGNORE, ...(raw.ignore ?? [])])],
    exclude: (raw.exclude ?? []).map(abs),
    stable_seconds: raw.stable_seconds ?? DEFAULTS.stable_seconds,
    poll_interval: raw.poll_interval ?? context.pollInterval ?? DEFAULTS.poll_interval,
    polling: raw.polling ?? DEFAULTS.polling,
    image_sequences: raw.image_sequences ?? DEFAULTS.image_sequences,
    rules: ruleList.map(({ rule, path }) => toRule(rule, path, sourceAction, abs)),
    profile: raw.profile ?? null,
    priority: raw.priority ?? DEFAULTS.priority,
    output: raw.output !== undefined ? abs(raw.output) : context.output,
    source_action: sourceAction,
  };
  return { watch, origin, issues, usesSharedRules: useShared && context.sharedRules.length > 0 };
}

function toRule(
  rule: RuleFile,
  path: DocPath,
  inherited: SourceAction,
  abs: (value: string) => string,
): RuleConfig {
  return {
    name: rule.name ?? formatDocPath(path),
    pattern: rule.pattern,
    pattern_type: rule.pattern_type ?? 'glob',
    case_sensitive: rule.case_sensitive ?? false,
    profile: rule.profile,
    output_pattern: rule.output_pattern ?? DEFAULT_OUTPUT_PATTERN,
    priority: rule.priority ?? DEFAULTS.priority,
    // A rule's own delete_input: false must win over a global delete: the narrower setting is the operator's intent.
    source_action: toSourceAction(rule.source_action, rule.delete_input, abs) ?? inherited,
  };
}

export function toSourceAction(
  action: SourceActionFile | undefined,
  deleteInput: boolean | undefined,
  abs: (value: string) => string,
): SourceAction | undefined {
  if (action === 'keep' || action === 'delete') return { kind: action };
  if (action) return { kind: 'move', folder: abs(action.move) };
  if (deleteInput !== undefined) return { kind: deleteInput ? 'delete' : 'keep' };
  return undefined;
}

function normalizeExtensions(list: readonly string[]): string[] {
  return [...new Set(list.map((ext) => ext.replace(/^\./, '').toLowerCase()))];
}
