/** Output frame size: fit a source inside a box, keeping its shape, never upscaling unless asked. */

export interface Size {
  width: number;
  height: number;
}

/** A box to fit inside; a missing side does not constrain. */
export interface Box {
  width?: number;
  height?: number;
}

/** How many pixels each output dimension must be a multiple of, for the chroma subsampling of a pixel format. */
export interface Alignment {
  width: number;
  height: number;
}

// 4:2:0 halves chroma in both directions, 4:2:2 only horizontally; encoders refuse odd sizes there
// ("width not divisible by 2"), so an odd source is rounded even even when it needs no scaling.
const SUBSAMPLING: readonly [RegExp, Alignment][] = [
  [/^(yuv|yuvj|yuva)420p|^nv12$|^nv21$|^p010/, { width: 2, height: 2 }],
  [/^(yuv|yuvj|yuva)422p|^nv16$|^nv20/, { width: 2, height: 1 }],
  [/^(yuv|yuvj)411p/, { width: 4, height: 1 }],
];

export function chromaAlignment(pixelFormat: string): Alignment {
  for (const [pattern, alignment] of SUBSAMPLING) if (pattern.test(pixelFormat)) return alignment;
  return { width: 1, height: 1 };
}

function alignDown(value: number, step: number): number {
  return Math.max(step, Math.floor(value / step) * step);
}

/**
 * The output size for `source` inside `box`: one scale factor for both sides (aspect ratio kept), at most 1 unless
 * `upscale`, then each side rounded down to the alignment the pixel format needs. Computed from the probe rather
 * than left to a `scale=w=min(iw\,W)` expression so the size is known before ffmpeg runs and can be tested.
 *
 * @example
 * fitWithin({ width: 1080, height: 1920 }, { width: 1920, height: 1080 }, { upscale: false });
 * // → { width: 608, height: 1080 } (portrait stays portrait)
 */
export function fitWithin(
  source: Size,
  box: Box,
  options: { upscale: boolean; alignment?: Alignment },
): Size {
  const alignment = options.alignment ?? { width: 2, height: 2 };
  const factors = [
    box.width ? box.width / source.width : Number.POSITIVE_INFINITY,
    box.height ? box.height / source.height : Number.POSITIVE_INFINITY,
  ];
  let factor = Math.min(...factors);
  if (!Number.isFinite(factor)) factor = 1;
  if (!options.upscale) factor = Math.min(factor, 1);
  // Rounding a side up could push it past the box by a pixel; clamp to the box before aligning down.
  const width = Math.min(Math.round(source.width * factor), box.width ?? Number.POSITIVE_INFINITY);
  const height = Math.min(Math.round(source.height * factor), box.height ?? Number.POSITIVE_INFINITY);
  return { width: alignDown(width, alignment.width), height: alignDown(height, alignment.height) };
}

/**
 * The `-vf` scale filter for a source, or null when the source already has the wanted size. Lanczos because these
 * are finished masters and playback files, not previews; the speed difference is small next to the encode.
 */
export function scaleFilter(source: Size, target: Size): string | null {
  if (source.width === target.width && source.height === target.height) return null;
  return `scale=${target.width}:${target.height}:flags=lanczos`;
}
