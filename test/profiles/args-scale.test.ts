import { describe, expect, it } from 'vitest';
import { chromaAlignment, fitWithin, scaleFilter } from '../../src/profiles/args-scale.ts';
import { outputSize } from '../../src/profiles/args-video.ts';
import { BUILTIN_PROFILES } from '../../src/profiles/validate.ts';

const hd = { width: 1920, height: 1080 };
const even = { width: 2, height: 2 };

describe('fitWithin', () => {
  it('downscales into the box keeping the aspect ratio', () => {
    expect(fitWithin({ width: 3840, height: 2160 }, hd, { upscale: false })).toEqual(hd);
    expect(fitWithin({ width: 2048, height: 858 }, hd, { upscale: false })).toEqual({
      width: 1920,
      height: 804,
    });
  });

  it('keeps portrait sources portrait', () => {
    expect(fitWithin({ width: 1080, height: 1920 }, hd, { upscale: false })).toEqual({
      width: 608,
      height: 1080,
    });
    expect(fitWithin({ width: 2160, height: 3840 }, hd, { upscale: false })).toEqual({
      width: 608,
      height: 1080,
    });
  });

  it('never upscales unless asked', () => {
    expect(fitWithin({ width: 160, height: 90 }, hd, { upscale: false })).toEqual({ width: 160, height: 90 });
    expect(fitWithin({ width: 160, height: 90 }, hd, { upscale: true })).toEqual(hd);
  });

  it('rounds odd sizes to the chroma alignment, even without scaling', () => {
    expect(fitWithin({ width: 161, height: 91 }, {}, { upscale: false, alignment: even })).toEqual({
      width: 160,
      height: 90,
    });
    expect(
      fitWithin({ width: 161, height: 91 }, {}, { upscale: false, alignment: { width: 2, height: 1 } }),
    ).toEqual({
      width: 160,
      height: 91,
    });
    expect(
      fitWithin({ width: 161, height: 91 }, {}, { upscale: false, alignment: { width: 1, height: 1 } }),
    ).toEqual({
      width: 161,
      height: 91,
    });
  });

  it('honours a box with one side only', () => {
    expect(fitWithin({ width: 1920, height: 1080 }, { width: 1280 }, { upscale: false })).toEqual({
      width: 1280,
      height: 720,
    });
  });
});

describe('chromaAlignment', () => {
  it('knows 4:2:0, 4:2:2 and 4:4:4', () => {
    expect(chromaAlignment('yuv420p')).toEqual({ width: 2, height: 2 });
    expect(chromaAlignment('yuv420p10le')).toEqual({ width: 2, height: 2 });
    expect(chromaAlignment('yuv422p10le')).toEqual({ width: 2, height: 1 });
    expect(chromaAlignment('yuv444p10le')).toEqual({ width: 1, height: 1 });
  });
});

describe('scaleFilter and outputSize', () => {
  const streamHd = BUILTIN_PROFILES.find((p) => p.name === 'stream-hd')!.video!;
  it('adds no filter when the size is already right', () => {
    expect(scaleFilter(hd, outputSize(hd, streamHd))).toBeNull();
  });
  it('lets an override box replace the profile box', () => {
    expect(outputSize(hd, streamHd, { resolution: { width: 640, height: 640 } })).toEqual({
      width: 640,
      height: 360,
    });
    expect(scaleFilter(hd, { width: 640, height: 360 })).toBe('scale=640:360:flags=lanczos');
  });
});
