import { DNXHR_PROFILES, PRORES_PROFILES, type VideoSettings } from './schema.ts';

/**
 * Encoder options that are not rate control, keyframes or size: which ProRes/HAP/DNxHR flavour, and the pixel
 * format actually written, which for alpha profiles depends on the source.
 */

// Pixel formats with an alpha plane, as ffprobe names them (png rgba, qtrle argb, ProRes 4444 yuva444p12le, …).
const ALPHA_FORMAT = /^(yuva|rgba|bgra|argb|abgr|gbrap|ya\d|pal8$)/;

/** Whether a pixel format carries alpha. `pal8` may (GIF, palette PNG), so it counts: better checked than lost. */
export function hasAlpha(pixelFormat: string | null | undefined): boolean {
  return pixelFormat ? ALPHA_FORMAT.test(pixelFormat) : false;
}

/** Whether this profile's output keeps the source's alpha (only when the source has one). */
export function keepsAlpha(video: VideoSettings, sourcePixelFormat: string | null | undefined): boolean {
  if (!hasAlpha(sourcePixelFormat)) return false;
  if (video.codec === 'hap') return video.hap_format === 'hap_alpha';
  return video.codec === 'prores_ks' && video.alpha !== undefined;
}

/**
 * The `-pix_fmt` an encode writes: the profile's, except that a ProRes profile with `alpha` set writes the alpha
 * variant (yuv444p10le → yuva444p10le) when the source has alpha, so the file is tagged 32-bit and players use it.
 */
export function encodePixelFormat(
  video: VideoSettings,
  sourcePixelFormat: string | null | undefined,
): string {
  if (video.codec === 'prores_ks' && keepsAlpha(video, sourcePixelFormat)) {
    return video.pixel_format.replace(/^yuv(a?)444p/, 'yuva444p');
  }
  if (video.codec === 'prores_ks' && video.alpha !== undefined) {
    return video.pixel_format.replace(/^yuva444p/, 'yuv444p');
  }
  return video.pixel_format;
}

/**
 * What ffprobe reports for the decoded output. Decoders do not always give back what was encoded: ProRes 4444 is
 * decoded at 12 bits whatever went in, HAP without alpha decodes to rgb0.
 */
export function decodedPixelFormat(
  video: VideoSettings,
  sourcePixelFormat: string | null | undefined,
): string {
  const written = encodePixelFormat(video, sourcePixelFormat);
  if (video.codec === 'hap') return video.hap_format === 'hap_alpha' ? 'rgba' : 'rgb0';
  if (video.codec === 'prores_ks' && video.prores_profile === '4444')
    return written.replace('p10le', 'p12le');
  return written;
}

/**
 * HAP chunk count: the player decodes chunks on separate threads. One chunk up to an HD frame (more only adds
 * overhead), then one per HD frame's worth of pixels, at most ffmpeg's 64.
 */
export function hapChunks(video: VideoSettings, width: number, height: number): number {
  if (video.chunks !== undefined) return video.chunks;
  return Math.min(64, Math.max(1, Math.ceil((width * height) / (1920 * 1080))));
}

/** The codec-specific options after `-c:v`, for the codecs that have no preset/CRF. */
export function codecFlavourArgs(video: VideoSettings, width: number, height: number): string[] {
  if (video.codec === 'prores_ks') {
    // apl0 makes the file say Apple wrote it; some players (and QuickTime's own checks) are pickier otherwise.
    return ['-profile:v', `${PRORES_PROFILES[video.prores_profile ?? 'hq']}`, '-vendor', 'apl0'];
  }
  if (video.codec === 'hap') {
    const chunks = hapChunks(video, width, height);
    return ['-format', video.hap_format ?? 'hap', '-chunks', `${chunks}`, '-compressor', 'snappy'];
  }
  if (video.codec === 'dnxhd') {
    return ['-profile:v', `dnxhr_${video.dnxhr_profile ?? 'hq'}`];
  }
  return [];
}

/** What ffprobe reports as `profile` for a DNxHR output. */
export function dnxhrProfileName(video: VideoSettings): string {
  return DNXHR_PROFILES[video.dnxhr_profile ?? 'hq'];
}

/** Intra-only codecs: every frame a keyframe, no preset, no CRF, no GOP. */
export function isIntraCodec(codec: VideoSettings['codec']): boolean {
  return codec === 'prores_ks' || codec === 'hap' || codec === 'dnxhd';
}
