import { TARGET_NAMES } from '../targets/catalogue.ts';
import { unknownTargetMessage } from '../targets/resolve.ts';
import { DNXHR_PROFILES, HAP_FORMATS } from './schema.ts';

/**
 * Cross-field rules for the show-media settings (HAP, DNxHR, alpha, B-frames, targets, frame rate, loudness).
 * Reads the raw input defensively, like validate.ts, so it reports even when the shape is wrong elsewhere.
 */
type Loose = Record<string, unknown>;
type Add = (path: string, message: string) => void;

/** Pixel format per DNxHR profile: the encoder labels the file by profile whatever the data is. */
const DNXHR_PIXEL_FORMATS: Readonly<Record<string, string>> = {
  lb: 'yuv422p',
  sq: 'yuv422p',
  hq: 'yuv422p',
  hqx: 'yuv422p10le',
  '444': 'yuv444p10le',
};

export function showVideoIssues(video: Loose, container: unknown, add: Add): void {
  const codec = video.codec;
  const hap = codec === 'hap';
  const dnx = codec === 'dnxhd';
  const x26x = codec === 'libx264' || codec === 'libx265';

  if (hap) {
    if (container !== 'mov') add('container', 'HAP goes in mov (players read HAP from QuickTime files only)');
    if (video.hap_format === undefined) {
      add('video.hap_format', `is required for hap: one of ${Object.keys(HAP_FORMATS).join(', ')}`);
    }
    const multiple = video.size_multiple;
    if (typeof multiple !== 'number' || multiple % 4 !== 0) {
      add('video.size_multiple', 'HAP textures are 4×4 blocks: set size_multiple to 4 (or a multiple of 4)');
    }
  } else {
    if (video.hap_format !== undefined) add('video.hap_format', 'only applies to hap');
    if (video.chunks !== undefined) add('video.chunks', 'only applies to hap');
  }

  if (dnx) {
    if (container === 'mp4') add('video.codec', 'DNxHR cannot go in mp4: use mov or mkv');
    const profile = video.dnxhr_profile;
    if (profile === undefined) {
      add('video.dnxhr_profile', `is required for dnxhd: one of ${Object.keys(DNXHR_PROFILES).join(', ')}`);
    } else if (typeof profile === 'string' && profile in DNXHR_PIXEL_FORMATS) {
      const want = DNXHR_PIXEL_FORMATS[profile];
      if (video.pixel_format !== want) {
        add(
          'video.pixel_format',
          `DNxHR ${profile.toUpperCase()} needs ${want}, not ${String(video.pixel_format)}`,
        );
      }
    }
  } else if (video.dnxhr_profile !== undefined) {
    add('video.dnxhr_profile', 'only applies to dnxhd');
  }

  if (hap || dnx) {
    if (video.keyframes !== undefined) add('video.keyframes', `${codec} is all-intra: remove keyframes`);
    if (video.crf !== undefined) add('video.crf', `${codec} has no CRF: remove it`);
    if (video.max_bitrate !== undefined) add('video.max_bitrate', `${codec} has no rate cap: remove it`);
  }

  if (video.alpha !== undefined) {
    const prores4444 = codec === 'prores_ks' && video.prores_profile === '4444';
    if (!prores4444 && !(hap && video.hap_format === 'hap_alpha')) {
      add(
        'video.alpha',
        'only ProRes 4444 (prores_profile: 4444) and HAP Alpha (hap_format: hap_alpha) carry alpha',
      );
    }
  }
  if (!x26x) {
    if (video.bframes !== undefined) add('video.bframes', 'only applies to libx264 and libx265');
    if (video.max_level !== undefined) add('video.max_level', 'only applies to libx264 and libx265');
  }
}

export function showProfileIssues(profile: Loose, add: Add): void {
  const targets = profile.targets;
  if (Array.isArray(targets)) {
    targets.forEach((name, i) => {
      if (typeof name === 'string' && !TARGET_NAMES.includes(name))
        add(`targets.${i}`, unknownTargetMessage(name));
    });
  }
  if (profile.frame_rate !== undefined && profile.frame_rate !== 'source' && profile.video === null) {
    add('frame_rate', 'needs video settings (an audio-only profile has no frame rate)');
  }
  if (profile.loudness !== undefined && profile.audio === null) {
    add('loudness', 'needs audio settings (a profile without audio has nothing to measure)');
  }
  const loudness = profile.loudness;
  if (typeof loudness === 'object' && loudness !== null) loudnessIssues(loudness as Loose, add);
  if (profile.still_duration !== undefined && profile.video === null) {
    add('still_duration', 'needs video settings (a still image becomes a video clip)');
  }
  if (profile.sequence_rate !== undefined && profile.video === null) {
    add('sequence_rate', 'needs video settings (an image sequence becomes a video clip)');
  }
  const audio = profile.audio;
  if (typeof audio === 'object' && audio !== null) audioShowIssues(audio as Loose, profile.container, add);
}

const PCM_BITS: Readonly<Record<string, number>> = { pcm_s16le: 16, pcm_s24le: 24 };

/** Bit depth against the codec, and the sidecar WAV against the container. */
function audioShowIssues(audio: Loose, container: unknown, add: Add): void {
  const bits = PCM_BITS[String(audio.codec)];
  if (typeof audio.bit_depth === 'number' && bits !== undefined && audio.bit_depth !== bits) {
    add(
      'audio.bit_depth',
      `${audio.codec} is ${bits}-bit, not ${audio.bit_depth}: use pcm_s${audio.bit_depth}le`,
    );
  }
  if (audio.codec === 'aac' && audio.bit_depth !== undefined && audio.sidecar_wav !== true) {
    add(
      'audio.bit_depth',
      'aac has no bit depth; it applies to PCM and to the sidecar WAV (sidecar_wav: true)',
    );
  }
  if (audio.sidecar_wav === true && container === 'wav') {
    add('audio.sidecar_wav', 'the output is already a WAV: remove sidecar_wav');
  }
}

// Every job with audio is measured; `measure: false` switches that off, which a target (normalised or shown
// against the measurement) cannot do without.
function loudnessIssues(loudness: Loose, add: Add): void {
  const target = loudness.target_lufs !== undefined;
  if (loudness.measure === false && target) {
    add(
      'loudness.measure',
      'false cannot go with target_lufs: the target is checked against (or shown beside) the measurement; drop one',
    );
  }
  for (const key of ['normalize', 'true_peak_db', 'lra']) {
    if (loudness[key] !== undefined && !target) add(`loudness.${key}`, 'needs target_lufs (what to aim for)');
  }
}
