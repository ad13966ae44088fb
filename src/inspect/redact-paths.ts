/** A whole string that is an absolute path (POSIX, Windows drive, UNC). */
const ABSOLUTE = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;
/** Absolute paths inside a longer text (a message, an ffmpeg argument like `file:/x/y.mov`): up to a space or quote. */
const EMBEDDED = /(^|[\s"'=(:,[])((?:\/|[A-Za-z]:[\\/]|\\\\)[^\s"',)\]]*)/g;

function baseName(p: string): string {
  const parts = p.split(/[\\/]/).filter(Boolean);
  return parts.length > 0 ? `…/${parts[parts.length - 1]}` : '…';
}

/**
 * Removes the folders from every absolute path in `text`, keeping the file name, so an inspector shows which file
 * an event is about without revealing the show network's folder layout. A whole-string path may contain spaces
 * ("/shows/cue 1.mov"); a path inside a longer text ends at the first space or quote.
 */
export function redactPaths(text: string): string {
  if (!text.includes('/') && !text.includes('\\')) return text;
  if (ABSOLUTE.test(text) && !/[\n\r]/.test(text)) return baseName(text);
  return text.replace(EMBEDDED, (_match, lead: string, p: string) => `${lead}${baseName(p)}`);
}
