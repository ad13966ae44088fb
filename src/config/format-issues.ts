import type { ConfigIssue } from './types.ts';

/**
 * Issues as an operator reads them, one per line, like a compiler: `file:line:col  path: message`. Paths are
 * zero-based (`watch[0]` is the first watch folder).
 *
 * @example
 * formatIssues([{ file: 'bvp.yaml', path: 'concurrency', message: 'must be between 1 and 64; got 0', line: 3, column: 14 }]);
 * // 'bvp.yaml:3:14  concurrency: must be between 1 and 64; got 0'
 */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues
    .map((issue) => {
      const where =
        issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
      return `${where}  ${issue.path === '' ? '(document)' : issue.path}: ${issue.message}`;
    })
    .join('\n');
}
