/**
 * Bounds that keep a config document from freezing the service: every check below is one linear pass, so the
 * refusal costs less than the document it refuses. A real config is a few kilobytes and a handful of levels deep.
 */

/** Largest config text (file or request body) that is parsed at all. */
export const MAX_CONFIG_BYTES = 512 * 1024;
/** Deepest nesting of mappings and lists; a real config uses six levels. */
export const MAX_CONFIG_DEPTH = 32;
/** Most values (keys and list items) in one document; fifty custom profiles and a hundred rules use about 2,000. */
export const MAX_CONFIG_NODES = 5_000;
/** Issues listed in full; the rest are counted. */
export const MAX_LISTED_ISSUES = 50;

/**
 * The deepest bracket nesting in JSON or YAML flow syntax and the deepest block indentation, in one pass over the
 * text, before a parser that recurses per level sees it. Brackets inside quotes are skipped for JSON-style
 * double-quoted strings; YAML single quotes and comments are skipped too.
 */
export function textNesting(text: string): { brackets: number; indent: number } {
  let depth = 0;
  let brackets = 0;
  let indent = 0;
  let lineStart = true;
  let column = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      lineStart = true;
      column = 0;
      continue;
    }
    if (lineStart) {
      if (ch === 32 || ch === 45) {
        // Spaces and block-sequence dashes both open a level of block nesting.
        column++;
        continue;
      }
      lineStart = false;
      if (ch !== 35 && column > indent) indent = column;
    }
    if (ch === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 10)) {
      // A comment runs to the end of the line.
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end - 1;
    } else if (ch === 34 || ch === 39) {
      i = skipQuoted(text, i, ch);
    } else if (ch === 91 || ch === 123) {
      depth++;
      if (depth > brackets) brackets = depth;
    } else if (ch === 93 || ch === 125) {
      depth = Math.max(0, depth - 1);
    }
  }
  return { brackets, indent };
}

function skipQuoted(text: string, start: number, quote: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quote === 34 && ch === 92) i++;
    else if (ch === quote) return i;
    else if (ch === 10 && quote === 34) return i;
  }
  return text.length;
}

/**
 * Lines plus commas: at least the number of entries a document can hold, counted before the (slow, if linear) YAML
 * parser runs, so an oversized document is refused in microseconds.
 */
export function entryBound(text: string): number {
  let count = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 44) count++;
  }
  return count;
}

/** Why a document is refused before it is parsed, or null. Indentation is allowed two columns per level. */
export function nestingProblem(text: string): string | null {
  const { brackets, indent } = textNesting(text);
  if (brackets > MAX_CONFIG_DEPTH || indent > MAX_CONFIG_DEPTH * 4) {
    return `the document nests deeper than ${MAX_CONFIG_DEPTH} levels; a config needs far fewer`;
  }
  return null;
}

/**
 * Depth and size of a parsed value (a JSON body), walked without recursion so a hostile depth cannot overflow the
 * stack. Stops counting as soon as a limit is passed.
 */
export function valueShape(value: unknown, maxNodes = MAX_CONFIG_NODES): { depth: number; nodes: number } {
  let maxDepth = 0;
  let nodes = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    nodes++;
    if (depth > maxDepth) maxDepth = depth;
    if (maxDepth > MAX_CONFIG_DEPTH || nodes > maxNodes) break;
    if (typeof item === 'object' && item !== null) {
      for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
    }
  }
  return { depth: maxDepth, nodes };
}
