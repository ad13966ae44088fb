import { isIntraCodec } from './args-codec.ts';
import { type AudioSettings, DNXHR_PROFILES, type Profile, type VideoSettings } from './schema.ts';

const HAP_NAMES: Readonly<Record<string, string>> = { hap: 'HAP', hap_alpha: 'HAP Alpha', hap_q: 'HAP Q' };

export const PROFILE_TABLE_START = '<!-- profiles:start -->';
export const PROFILE_TABLE_END = '<!-- profiles:end -->';

const PRORES_NAMES: Readonly<Record<string, string>> = {
  proxy: 'Proxy',
  lt: 'LT',
  standard: '422',
  hq: 'HQ',
  '4444': '4444',
};

const CODEC_NAMES: Readonly<Record<string, string>> = {
  libx264: 'H.264',
  libx265: 'HEVC',
  pcm_s24le: 'PCM 24-bit',
  pcm_s16le: 'PCM 16-bit',
  aac: 'AAC',
};

// A `|` inside a cell would end the cell.
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function describeVideo(video: VideoSettings): string {
  const parts: string[] = [];
  if (video.codec === 'prores_ks') {
    parts.push(`ProRes ${PRORES_NAMES[video.prores_profile ?? 'hq']}`);
  } else if (video.codec === 'hap') {
    parts.push(`${HAP_NAMES[video.hap_format ?? 'hap']}, snappy`);
  } else if (video.codec === 'dnxhd') {
    parts.push(DNXHR_PROFILES[video.dnxhr_profile ?? 'hq'].replace('DNXHR', 'DNxHR'));
  } else {
    let rate = CODEC_NAMES[video.codec];
    if (video.crf !== undefined) rate += ` CRF ${video.crf}`;
    if (video.max_bitrate) rate += ` ≤ ${video.max_bitrate}b/s (buffer ${video.bufsize ?? '2×'})`;
    parts.push(rate);
  }
  if (video.alpha) parts.push(`${video.pixel_format} (alpha ${video.alpha} from alpha sources)`);
  else if (video.codec !== 'hap') parts.push(video.pixel_format);
  if (video.size_multiple)
    parts.push(
      `size a multiple of ${video.size_multiple} (${video.size_fit === 'pad' ? 'padded' : 'scaled down'})`,
    );
  if (video.bframes === 0) parts.push('no B-frames');
  if (video.max_level) parts.push(`level ≤ ${video.max_level}`);
  if (video.max_width || video.max_height) {
    const box = `${video.max_width ?? 'any'}×${video.max_height ?? 'any'}`;
    parts.push(video.upscale ? `scaled to fit ${box}` : `within ${box}`);
  }
  if (!isIntraCodec(video.codec) && video.preset !== 'normal') parts.push(`${video.preset} preset`);
  if (video.tag) parts.push(video.tag);
  return parts.join(', ');
}

function describeAudio(audio: AudioSettings, tracks: string, loudness: Profile['loudness']): string {
  const parts = [CODEC_NAMES[audio.codec]];
  if (audio.bitrate) parts.push(audio.bitrate);
  if (audio.sample_rate) parts.push(`${audio.sample_rate / 1000} kHz`);
  if (audio.channels) parts.push(`${audio.channels} ch`);
  const extras = [tracks === 'first' ? 'first track' : 'all tracks'];
  if (loudness?.target_lufs !== undefined)
    extras.push(
      `${loudness.normalize ? 'normalised to' : 'loudness measured against'} ${loudness.target_lufs} LUFS`,
    );
  if (loudness?.measure === false) extras.push('loudness not measured');
  if (audio.sidecar_wav) extras.push('+ sidecar WAV');
  return `${parts.join(' ')}, ${extras.join(', ')}`;
}

function describeKeyframes(video: VideoSettings): string {
  if (isIntraCodec(video.codec)) return 'every frame (all-intra)';
  if (!video.keyframes) return 'encoder default';
  const { mode, seconds } = video.keyframes;
  return mode === 'forced' ? `exactly every ${seconds} s` : `at most ${seconds} s apart`;
}

/** A markdown table of profiles (name, container, video, audio, keyframes, use), as the README shows them. */
export function renderProfileTable(profiles: readonly Profile[]): string {
  const rows = profiles.map((p) => {
    const video = p.video && p.streams.video !== 'none' ? p.video : null;
    const audio = p.audio && p.streams.audio !== 'none' ? p.audio : null;
    return [
      `\`${p.name}\``,
      `.${p.container}`,
      video ? describeVideo(video) : '—',
      audio ? describeAudio(audio, p.streams.audio, p.loudness) : '—',
      video ? describeKeyframes(video) : '—',
      p.targets?.length ? `${p.description} (checked for ${p.targets.join(', ')})` : p.description,
    ].map(cell);
  });
  const lines = [
    '| name | container | video | audio | keyframes | use |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `document` with the text between the profile-table markers replaced by `table`, or null when the markers are
 * missing or out of order.
 */
export function replaceProfileTable(document: string, table: string): string | null {
  const start = document.indexOf(PROFILE_TABLE_START);
  const end = document.indexOf(PROFILE_TABLE_END);
  if (start < 0 || end < start) return null;
  const head = document.slice(0, start + PROFILE_TABLE_START.length);
  return `${head}\n${table}${document.slice(end)}`;
}

/** The text between the markers, or null when they are missing. */
export function extractProfileTable(document: string): string | null {
  const start = document.indexOf(PROFILE_TABLE_START);
  const end = document.indexOf(PROFILE_TABLE_END);
  if (start < 0 || end < start) return null;
  return document.slice(start + PROFILE_TABLE_START.length, end).replace(/^\n/, '');
}
