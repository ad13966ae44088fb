import { afterEach, describe, expect, it } from 'vitest';
import { profileSupport } from '../../src/profiles/capability.ts';
import { createProfileRegistry } from '../../src/profiles/registry.ts';
import { createHarness, type Harness } from '../http/helpers/harness.ts';

// What the npm-bundled ffmpeg has: everything the original profiles need, no HAP, no DNxHR.
const BUNDLED = new Set(['libx264', 'libx265', 'prores_ks', 'aac', 'pcm_s24le', 'pcm_s16le']);
const registry = createProfileRegistry();

describe('profileSupport', () => {
  it('names the missing encoder and what to do about it', () => {
    expect(profileSupport(registry.resolve('live-qlab'), BUNDLED)).toEqual({
      runnable: true,
      missing: [],
      reason: null,
    });
    const hap = profileSupport(registry.resolve('hap-q'), BUNDLED);
    expect(hap.runnable).toBe(false);
    expect(hap.missing).toEqual(['hap']);
    expect(hap.reason).toMatch(
      /lacks the hap encoder profile "hap-q" needs: the npm-bundled ffmpeg has no HAP/,
    );
    expect(profileSupport(registry.resolve('dnxhr-hq'), BUNDLED).missing).toEqual(['dnxhd']);
  });

  it('refuses nothing when the encoder list is unknown', () => {
    expect(profileSupport(registry.resolve('hap'), null).runnable).toBe(true);
  });
});

describe('a profile the ffmpeg cannot run', () => {
  const harnesses: Harness[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
  });

  it('is flagged in GET /api/v1/profiles and refused at submit, never queued', async () => {
    const h = await createHarness({ encoders: BUNDLED });
    harnesses.push(h);
    const list = (await (await h.call('GET', '/api/v1/profiles')).json()) as {
      profiles: { name: string; support: { runnable: boolean; reason: string | null } }[];
    };
    const byName = new Map(list.profiles.map((p) => [p.name, p.support]));
    expect(byName.get('live-qlab')).toMatchObject({ runnable: true, reason: null });
    expect(byName.get('hap')).toMatchObject({ runnable: false });
    expect(byName.get('hap')?.reason).toContain('lacks the hap encoder');

    const source = await h.clip('cue.mov', { seconds: 1 });
    const res = await h.call('POST', '/api/v1/jobs', { source, profile: 'hap' });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe('profile.invalid');
    expect(body.error.message).toMatch(/^cannot run profile "hap": the ffmpeg in use lacks the hap encoder/);
    expect(body.error.details).toMatchObject({ missingEncoders: ['hap'] });
    expect(Object.values(h.service.store.countByStatus()).every((n) => n === 0)).toBe(true);
  });
});
