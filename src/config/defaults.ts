/**
 * Defaults in one place, so the schema, the starter file and the docs cannot disagree.
 */

/** Video and audio a show is likely to receive. Audio is here because the audio profile must be reachable by default. */
export const DEFAULT_EXTENSIONS: readonly string[] = [
  // video
  'mov',
  'mp4',
  'm4v',
  'mxf',
  'mkv',
  'avi',
  'webm',
  'mts',
  'm2ts',
  'ts',
  'dv',
  'mpg',
  'mpeg',
  'm2v',
  'vob',
  'wmv',
  'flv',
  '3gp',
  'ogv',
  // audio
  'wav',
  'wave',
  'bwf',
  'aif',
  'aiff',
  'aifc',
  'caf',
  'mp3',
  'm4a',
  'aac',
  'flac',
  'ogg',
  'oga',
  'opus',
  'wma',
];

/**
 * Never ingested, whatever the operator adds: hidden files (incl. macOS AppleDouble `._x.mov`, which are not media), partial
 * downloads and copies, editor/Office lock files, and our own temp outputs.
 */
export const BUILTIN_IGNORE: readonly string[] = [
  '.*',
  '._*',
  '*.part',
  '*.partial',
  '*.tmp',
  '*.crdownload',
  '*.download',
  '~*',
  '.*.bvp-tmp-*',
];

/** Keeps sub-folders of the watch folder mirrored in the output folder. */
export const DEFAULT_OUTPUT_PATTERN = '{rel_dir}/{stem}.{ext}';

export const DEFAULTS = {
  output: './output',
  data: './data',
  collision: 'suffix',
  concurrency: 1,
  max_attempts: 3,
  stall_seconds: 120,
  shutdown_grace_seconds: 30,
  recursive: true,
  stable_seconds: 5,
  poll_interval: 10,
  polling: false,
  image_sequences: true,
  priority: 0,
  api: { host: '127.0.0.1', port: 8080, body_limit: 1024 * 1024 },
  log_level: 'info',
} as const;

export const MIN_TOKEN_LENGTH = 16;
