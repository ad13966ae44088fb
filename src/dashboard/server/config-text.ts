import { isScalar, parseDocument } from 'yaml';

/** What the editor shows in place of the API token; sending it back keeps the token as it is. */
export const TOKEN_MASK = '***';

/** The source range of `api.token`'s value in `text`, when it is a plain scalar. */
function tokenRange(text: string): { start: number; end: number; value: unknown } | null {
  const doc = parseDocument(text);
  const node = doc.getIn(['api', 'token'], true);
  if (!isScalar(node) || !node.range) return null;
  return { start: node.range[0], end: node.range[1], value: node.value };
}

/**
 * The config file's text with the token's value replaced by "***" in place: same lines, same comments, so the
 * editor's line numbers are the file's, and a dashboard on a projector never shows the token.
 */
export function maskToken(text: string): string {
  const range = tokenRange(text);
  if (!range || range.value === null || range.value === '') return text;
  return `${text.slice(0, range.start)}'${TOKEN_MASK}'${text.slice(range.end)}`;
}

/** The edited text with a "***" token put back to the running token (same lines), ready to validate and apply. */
export function unmaskToken(text: string, token: string | null): string {
  const range = tokenRange(text);
  if (!range || range.value !== TOKEN_MASK || token === null) return text;
  return `${text.slice(0, range.start)}${JSON.stringify(token)}${text.slice(range.end)}`;
}
