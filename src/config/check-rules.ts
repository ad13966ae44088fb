import { compileGlob } from '../rules/glob.ts';
import { checkOutputPattern } from '../rules/output-pattern.ts';
import { compileSafeRegex } from '../rules/safe-regex.ts';
import type { DocPath } from './issue-path.ts';
import type { RawIssue } from './schema-issues.ts';
import { didYouMean } from './suggest.ts';

type Loose = Record<string, unknown>;

/**
 * What the shape cannot say about rules and drop folders: the profile exists, the pattern compiles, the output
 * pattern stays inside the output folder. Reads the raw document field by field, so these are
 * reported even when the same file has shape errors elsewhere: every problem comes back in one pass.
 */
export function checkRulesAndProfiles(raw: unknown, profileNames: readonly string[]): RawIssue[] {
  const issues: RawIssue[] = [];
  const root = record(raw);
  if (!root) return issues;
  const ruleLists: { list: unknown; path: DocPath }[] = [{ list: root.rules, path: ['rules'] }];
  if (Array.isArray(root.watch)) {
    root.watch.forEach((item, i) => {
      const watch = record(item);
      if (!watch) return;
      ruleLists.push({ list: watch.rules, path: ['watch', i, 'rules'] });
      if (typeof watch.profile === 'string') {
        issues.push(...checkProfileName(watch.profile, ['watch', i, 'profile'], profileNames));
      }
    });
  }
  for (const { list, path } of ruleLists) {
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      const rule = record(item);
      if (rule) issues.push(...checkRule(rule, [...path, i], profileNames));
    });
  }
  return issues;
}

function checkRule(rule: Loose, path: DocPath, profileNames: readonly string[]): RawIssue[] {
  const issues: RawIssue[] = [];
  if (typeof rule.profile === 'string' && rule.profile.trim() !== '') {
    issues.push(...checkProfileName(rule.profile.trim(), [...path, 'profile'], profileNames));
  }
  const type = rule.pattern_type ?? 'glob';
  if (typeof rule.pattern === 'string' && rule.pattern !== '') {
    const problem = patternProblem(rule.pattern, type, rule.case_sensitive === true);
    if (problem) issues.push({ path: [...path, 'pattern'], message: problem });
  }
  if (typeof rule.output_pattern === 'string') {
    for (const message of checkOutputPattern(rule.output_pattern.trim())) {
      issues.push({ path: [...path, 'output_pattern'], message });
    }
  }
  if (rule.delete_input !== undefined && rule.source_action !== undefined) {
    issues.push({
      path: [...path, 'delete_input'],
      message: '"source_action" and "delete_input" both set; keep one',
      at: 'key',
    });
  }
  return issues;
}

function patternProblem(pattern: string, type: unknown, caseSensitive: boolean): string | undefined {
  if (type === 'regex') {
    // The engine the rule will run with (linear time, RE2 syntax), so validation never passes what cannot run.
    const result = compileSafeRegex(pattern, { caseSensitive });
    // A bad regex must be an error here: otherwise it would fail silently and never match.
    return result.ok
      ? undefined
      : `"${pattern}" is not a valid regular expression for the linear-time (RE2) engine: ${result.message}`;
  }
  if (type === 'glob') {
    const result = compileGlob(pattern, { caseSensitive });
    return result.ok ? undefined : `not a valid glob: it ${result.message}`;
  }
  return undefined;
}

export function checkProfileName(name: string, path: DocPath, known: readonly string[]): RawIssue[] {
  if (known.includes(name)) return [];
  const hint = didYouMean(name, known);
  return [
    {
      path,
      message: `unknown profile "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; known profiles: ${known.join(', ')}`,
    },
  ];
}

function record(value: unknown): Loose | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : null;
}
