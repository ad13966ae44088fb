import type { PlaybackTarget, TargetCodecRule } from './types.ts';

const PCM = ['pcm_s16le', 'pcm_s24le', 'pcm_s32le', 'pcm_f32le', 'pcm_s16be', 'pcm_s24be'];
// HAP textures are 4×4 blocks: every HAP player needs both sides a multiple of 4.
const HAP: TargetCodecRule = { codec: 'hap', tags: ['Hap1', 'Hap5', 'HapY', 'HapM'], sizeMultiple: 4 };
const PRORES: TargetCodecRule = { codec: 'prores' };

/**
 * The built-in playback targets. The rules are the hard limits from vendors' manuals and practitioners' reports;
 * what a player plays badly but plays (long-GOP H.264 in QLab) passes, so a target check is a "will it play",
 * not a "is it ideal" — the profiles list says what is ideal.
 */
export const BUILTIN_TARGETS: readonly PlaybackTarget[] = [
  {
    name: 'qlab',
    title: 'QLab 5',
    basis: 'QLab 5 manual, "Video": ProRes 422 Proxy, HAP, ProRes LT, HAP Q, Photo-JPEG for performance',
    video: [PRORES, HAP, { codec: 'mjpeg' }, { codec: 'h264' }, { codec: 'hevc' }],
    audio: { codecs: [...PCM, 'aac'] },
    profiles: ['live-qlab', 'hap', 'live-prores-lt', 'hap-q', 'hap-alpha', 'prores-4444'],
    note: 'audio cues play best as separate WAV/AIFF (audio-qlab)',
  },
  {
    name: 'disguise',
    title: 'disguise (d3)',
    basis: 'disguise user guide, "Supported media": HAP/HAP Alpha/HAP Q, NotchLC, DXV; audio 16-bit 44.1 kHz',
    video: [HAP, { codec: 'notchlc' }, { codec: 'dxv' }],
    sizeMultiple: 4,
    audio: { codecs: ['pcm_s16le'], sampleRates: [44100], maxChannels: 2 },
    profiles: ['hap', 'hap-alpha', 'hap-q'],
    note: 'embedded audio must be 16-bit stereo 44.1 kHz PCM, or none',
  },
  {
    name: 'watchout6',
    title: 'Watchout 6',
    basis: 'Watchout 6.6 manual: HAP Q Alpha and HAP R unsupported, frame sizes multiples of 4',
    video: [{ ...HAP, tags: ['Hap1', 'Hap5', 'HapY'] }, PRORES, { codec: 'h264', maxLevel: 5.2 }],
    sizeMultiple: 4,
    audio: { codecs: [...PCM, 'aac'] },
    profiles: ['hap', 'hap-alpha', 'hap-q', 'loop-h264'],
  },
  {
    name: 'watchout7',
    title: 'Watchout 7',
    basis: 'Watchout 7 manual: H.264/HEVC re-encoded to short GOP without B-frames; H.264 up to level 5.2',
    video: [
      HAP,
      PRORES,
      { codec: 'h264', maxLevel: 5.2, maxGopSeconds: 1, bframes: false, constantFrameRate: true },
      { codec: 'hevc', maxGopSeconds: 1, bframes: false, constantFrameRate: true },
    ],
    audio: { codecs: [...PCM, 'aac'] },
    profiles: ['hap', 'hap-alpha', 'hap-q', 'loop-h264', 'loop-hevc', 'prores-4444'],
  },
  {
    name: 'resolume',
    title: 'Resolume Arena/Avenue',
    basis: 'Resolume manual, "Codecs": DXV preferred, HAP plays; composition rate should match the content',
    video: [{ codec: 'dxv' }, HAP, PRORES, { codec: 'h264' }],
    audio: { codecs: [...PCM, 'aac'] },
    profiles: ['hap', 'hap-alpha', 'hap-q'],
    note: 'set the composition frame rate to the content rate',
  },
  {
    name: 'casparcg',
    title: 'CasparCG Server',
    basis: 'CasparCG plays what its ffmpeg decodes; odd widths broke H.264 playback in the past',
    video: [
      PRORES,
      HAP,
      { codec: 'dnxhd' },
      { codec: 'h264', sizeMultiple: 2 },
      { codec: 'hevc', sizeMultiple: 2 },
    ],
    audio: { codecs: [...PCM, 'aac'], sampleRates: [48000] },
    profiles: ['loop-h264', 'prores-4444', 'dnxhr-hq'],
    note: 'keep audio at 48 kHz (the channel rate)',
  },
];

/** The built-in target called `name`, if any. */
export function findTarget(name: string): PlaybackTarget | undefined {
  return BUILTIN_TARGETS.find((t) => t.name === name);
}

export const TARGET_NAMES: readonly string[] = BUILTIN_TARGETS.map((t) => t.name);
