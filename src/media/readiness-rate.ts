import { conformRate } from '../profiles/args-frame-rate.ts';
import type { Profile } from '../profiles/schema.ts';
import type { VideoStreamInfo } from './media-info.ts';

const NTSC_PAIRS: readonly [number, number][] = [
  [24000 / 1001, 24],
  [30000 / 1001, 30],
  [60000 / 1001, 60],
];

/**
 * What conforming to the profile's `frame_rate` does to this source, or null when it keeps the rate. A 29.97
 * source meeting a 30 output (or the reverse) gets a warning of its own: the two look alike in every player's info
 * panel, and one played as the other drifts 3.6 s per hour against the sound desk's timecode.
 */
export function frameRateChange(source: VideoStreamInfo, profile: Profile): string | null {
  const target = conformRate(profile.frame_rate);
  const from = source.frameRate;
  if (!target || from === null || Math.abs(from - target.fps) < 0.0005) return null;
  const verb = target.fps > from ? 'repeated' : 'dropped';
  const every = Math.round(1 / Math.abs(1 - Math.min(from, target.fps) / Math.max(from, target.fps)));
  const rate = `frame rate ${fmt(from)} → ${fmt(target.fps)} fps: about one frame in ${every} ${verb} (no speed change)`;
  const ntsc = NTSC_PAIRS.find(([a, b]) => near(from, a, target.fps, b) || near(from, b, target.fps, a));
  if (!ntsc) return rate;
  return `warning: ${fmt(from)} source into a ${fmt(target.fps)} fps output — ${rate}; check which rate the show really runs at`;
}

function near(x: number, a: number, y: number, b: number): boolean {
  return Math.abs(x - a) < 0.001 && Math.abs(y - b) < 0.001;
}

function fmt(rate: number): string {
  return `${Math.round(rate * 1000) / 1000}`;
}
