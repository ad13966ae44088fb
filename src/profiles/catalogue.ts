import type { ProfileInput } from './schema.ts';

/**
 * The built-in profiles, as data: the original's ten, then the show-media ones (HAP, ProRes 4444, DNxHR, loops). Intent follows the original project; the arguments they turn into are fixed
 * (ProRes HQ is profile 3, caps are caps, keyframes are exact where forced).
 */
export const BUILTIN_PROFILE_INPUTS: readonly ProfileInput[] = [
  {
    name: 'live-qlab',
    description: 'QLab playback: ProRes Proxy 10-bit 4:2:2, PCM 24-bit 48 kHz, .mov',
    container: 'mov',
    video: { codec: 'prores_ks', prores_profile: 'proxy', pixel_format: 'yuv422p10le' },
    audio: { codec: 'pcm_s24le', sample_rate: 48000 },
  },
  {
    name: 'audio-qlab',
    description: 'QLab audio cue: PCM 24-bit 48 kHz .wav, no video',
    container: 'wav',
    video: null,
    audio: { codec: 'pcm_s24le', sample_rate: 48000 },
    streams: { video: 'none', audio: 'first' },
  },
  {
    name: 'live-prores-lt',
    description: 'Live playback with more headroom: ProRes LT 10-bit 4:2:2, PCM 24-bit 48 kHz, .mov',
    container: 'mov',
    video: { codec: 'prores_ks', prores_profile: 'lt', pixel_format: 'yuv422p10le' },
    audio: { codec: 'pcm_s24le', sample_rate: 48000 },
  },
  {
    name: 'live-h264',
    description: 'Live playback: H.264 high quality (CRF 18), a keyframe exactly every 5 s, AAC 256k, .mp4',
    container: 'mp4',
    video: {
      codec: 'libx264',
      pixel_format: 'yuv420p',
      crf: 18,
      keyframes: { mode: 'forced', seconds: 5 },
      preset: 'slow',
    },
    audio: { codec: 'aac', bitrate: '256k', sample_rate: 48000 },
  },
  {
    name: 'live-linux-hevc-mkv',
    description: 'Linux live playback (mpv): HEVC CRF 20, a keyframe exactly every 5 s, AAC 192k, .mkv',
    container: 'mkv',
    video: {
      codec: 'libx265',
      pixel_format: 'yuv420p',
      crf: 20,
      keyframes: { mode: 'forced', seconds: 5 },
    },
    audio: { codec: 'aac', bitrate: '192k', sample_rate: 48000 },
  },
  {
    name: 'standard-playback',
    description: 'General playback: H.264 CRF 20, GOP at most 10 s, AAC 192k, .mp4',
    container: 'mp4',
    video: { codec: 'libx264', pixel_format: 'yuv420p', crf: 20, keyframes: { mode: 'max', seconds: 10 } },
    audio: { codec: 'aac', bitrate: '192k', sample_rate: 48000 },
  },
  {
    name: 'stream-hd',
    description:
      'Streaming HD: HEVC within 1920×1080, capped at 8 Mb/s, a keyframe exactly every 2 s, hvc1, .mp4',
    container: 'mp4',
    video: {
      codec: 'libx265',
      pixel_format: 'yuv420p',
      crf: 23,
      max_bitrate: '8M',
      bufsize: '16M',
      max_width: 1920,
      max_height: 1080,
      keyframes: { mode: 'forced', seconds: 2 },
      tag: 'hvc1',
    },
    audio: { codec: 'aac', bitrate: '160k', sample_rate: 48000 },
  },
  {
    name: 'stream-4k',
    description:
      'Streaming 4K: HEVC within 3840×2160, capped at 25 Mb/s, a keyframe exactly every 2 s, hvc1, .mp4',
    container: 'mp4',
    video: {
      codec: 'libx265',
      pixel_format: 'yuv420p',
      crf: 23,
      max_bitrate: '25M',
      bufsize: '50M',
      max_width: 3840,
      max_height: 2160,
      keyframes: { mode: 'forced', seconds: 2 },
      tag: 'hvc1',
    },
    audio: { codec: 'aac', bitrate: '192k', sample_rate: 48000 },
  },
  {
    name: 'archival',
    description: 'Archive master: ProRes HQ (profile 3) 10-bit 4:2:2, PCM 24-bit 48 kHz, .mov',
    container: 'mov',
    video: { codec: 'prores_ks', prores_profile: 'hq', pixel_format: 'yuv422p10le' },
    audio: { codec: 'pcm_s24le', sample_rate: 48000 },
  },
  {
    name: 'archival-linux-mkv',
    description: 'Archive master for Linux: HEVC 10-bit 4:2:2 CRF 18, PCM 24-bit, .mkv',
    container: 'mkv',
    video: { codec: 'libx265', pixel_format: 'yuv422p10le', crf: 18, preset: 'slow' },
    audio: { codec: 'pcm_s24le', sample_rate: 48000 },
  },
  {
    name: 'hap',
    description:
      'Media servers (disguise, Watchout, Resolume, QLab): HAP, size a multiple of 4, PCM 24-bit 48 kHz, .mov',
    container: 'mov',
    video: { codec: 'hap', hap_format: 'hap', pixel_format: 'rgba', size_multiple: 4 },
    audio: { codec: 'pcm_s24le', sample_rate: 48000 },
  },
  {
    name: 'hap-alpha',
    description: 'Media servers, with transparency: HAP Alpha (alpha kept from sources that have it), .mov',
    container: 'mov',
    video: {
      codec: 'hap',
      hap_format: 'hap_alpha',
      pixel_format: 'rgba',
      size_multiple: 4,
      alpha: 'straight',
    },
    audio: { codec: 'pcm_s24le', sample_rate: 48000 },
  },
  {
    name: 'hap-q',
    description:
      'Media servers, higher quality: HAP Q (about twice the data of HAP), size a multiple of 4, .mov',
    container: 'mov',
    video: { codec: 'hap', hap_format: 'hap_q', pixel_format: 'rgba', size_multiple: 4 },
    audio: { codec: 'pcm_s24le', sample_rate: 48000 },
  },
  {
    name: 'prores-4444',
    description:
      'Graphics with transparency: ProRes 4444 10-bit, alpha (straight) kept from sources that have it, .mov',
    container: 'mov',
    video: { codec: 'prores_ks', prores_profile: '4444', pixel_format: 'yuv444p10le', alpha: 'straight' },
    audio: { codec: 'pcm_s24le', sample_rate: 48000 },
  },
  {
    name: 'dnxhr-hq',
    description: 'Avid/Windows media servers: DNxHR HQ 8-bit 4:2:2, PCM 24-bit 48 kHz, .mov',
    container: 'mov',
    video: { codec: 'dnxhd', dnxhr_profile: 'hq', pixel_format: 'yuv422p' },
    audio: { codec: 'pcm_s24le', sample_rate: 48000 },
  },
  {
    name: 'dnxhr-hqx',
    description: 'Avid/Windows media servers, 10-bit: DNxHR HQX 10-bit 4:2:2, PCM 24-bit 48 kHz, .mov',
    container: 'mov',
    video: { codec: 'dnxhd', dnxhr_profile: 'hqx', pixel_format: 'yuv422p10le' },
    audio: { codec: 'pcm_s24le', sample_rate: 48000 },
  },
  {
    name: 'loop-h264',
    description:
      'Seamless loops and scrubbing (Watchout 7, Linux players): H.264, closed 1 s GOP, no B-frames, level ≤ 5.2',
    container: 'mp4',
    video: {
      codec: 'libx264',
      pixel_format: 'yuv420p',
      crf: 18,
      keyframes: { mode: 'forced', seconds: 1 },
      bframes: 0,
      max_level: 5.2,
    },
    audio: { codec: 'aac', bitrate: '256k', sample_rate: 48000 },
    targets: ['watchout7'],
  },
  {
    name: 'loop-hevc',
    description: 'Seamless loops in HEVC (Watchout 7, mpv): closed 1 s GOP, no B-frames, hvc1, .mp4',
    container: 'mp4',
    video: {
      codec: 'libx265',
      pixel_format: 'yuv420p',
      crf: 20,
      keyframes: { mode: 'forced', seconds: 1 },
      bframes: 0,
      tag: 'hvc1',
    },
    audio: { codec: 'aac', bitrate: '192k', sample_rate: 48000 },
    targets: ['watchout7'],
  },
];
