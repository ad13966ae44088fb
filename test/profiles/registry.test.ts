import { describe, expect, it } from 'vitest';
import { BvpError } from '../../src/errors.ts';
import { createProfileRegistry } from '../../src/profiles/registry.ts';
import type { Profile } from '../../src/profiles/schema.ts';
import { BUILTIN_PROFILES } from '../../src/profiles/validate.ts';

const builtinNames = BUILTIN_PROFILES.map((p) => p.name);
const liveH264 = BUILTIN_PROFILES.find((p) => p.name === 'live-h264')!;
const lobby: Profile = { ...liveH264, name: 'lobby-loop', description: 'lobby screens' };

describe('createProfileRegistry', () => {
  it('knows the eighteen built-ins in catalogue order', () => {
    const registry = createProfileRegistry();
    expect(registry.names()).toEqual(builtinNames);
    expect(registry.all()).toHaveLength(18);
    expect(registry.get('archival')?.video?.prores_profile).toBe('hq');
    expect(registry.isBuiltin('archival')).toBe(true);
    expect(registry.get('nope')).toBeUndefined();
  });

  it('adds custom profiles after the built-ins', () => {
    const registry = createProfileRegistry([lobby]);
    expect(registry.names()).toEqual([...builtinNames, 'lobby-loop']);
    expect(registry.resolve('lobby-loop')).toBe(lobby);
    expect(registry.isBuiltin('lobby-loop')).toBe(false);
  });

  it('lets a custom profile replace a built-in of the same name, in its place', () => {
    const retuned: Profile = {
      ...liveH264,
      description: 'site tuning',
      video: { ...liveH264.video!, crf: 16 },
    };
    const registry = createProfileRegistry([retuned]);
    expect(registry.names()).toEqual(builtinNames);
    expect(registry.resolve('live-h264').video?.crf).toBe(16);
    expect(registry.isBuiltin('live-h264')).toBe(false);
    expect(registry.isBuiltin('live-qlab')).toBe(true);
  });

  it('rejects two custom profiles with one name', () => {
    expect(() => createProfileRegistry([lobby, lobby])).toThrow(/defined twice/);
  });

  it('throws profile.unknown naming the known profiles', () => {
    const registry = createProfileRegistry([lobby]);
    let error: unknown;
    try {
      registry.resolve('live-hevc');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BvpError);
    const bvp = error as BvpError;
    expect(bvp.code).toBe('profile.unknown');
    expect(bvp.message).toBe(
      `Unknown profile "live-hevc". Known profiles: ${[...builtinNames, 'lobby-loop'].join(', ')}`,
    );
    expect(bvp.details).toEqual({ known: [...builtinNames, 'lobby-loop'] });
  });

  it('hands out copies of its lists', () => {
    const registry = createProfileRegistry();
    registry.names().pop();
    registry.all().pop();
    expect(registry.names()).toHaveLength(18);
    expect(registry.all()).toHaveLength(18);
  });
});
