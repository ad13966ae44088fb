/** The show-media built-ins: encode-show.test.ts encodes these, encode-builtins.test.ts every other built-in. */
export const SHOW_PROFILES: readonly string[] = [
  'dnxhr-hq',
  'dnxhr-hqx',
  'hap',
  'hap-alpha',
  'hap-q',
  'loop-h264',
  'loop-hevc',
  'prores-4444',
];
