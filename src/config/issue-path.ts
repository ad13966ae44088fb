/** A location inside a config document: map keys and zero-based list indexes. */
export type DocPath = readonly (string | number)[];

/** `['watch', 0, 'rules', 2, 'profile']` → `watch[0].rules[2].profile` (zero-based, like the HTTP API's JSON). */
export function formatDocPath(path: DocPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** The inverse of formatDocPath, for issue paths that arrive as strings (validateProfile's). */
export function parseDocPath(text: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const match of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) out.push(Number(match[2]));
    else if (match[1] !== undefined) out.push(/^\d+$/.test(match[1]) ? Number(match[1]) : match[1]);
  }
  return out;
}
