import { describe, expect, it } from 'vitest';
import { planJob } from '../../src/rules/plan-job.ts';
import { configFrom } from './fixtures.ts';

const NOW = new Date(2025, 2, 1, 19, 5, 9);

const config = configFrom(`profiles:
  - name: lobby-loop
    container: mkv
    video: { codec: libx265, pixel_format: yuv420p, crf: 24 }
    audio: null
delete_input: true
collision: fail
watch:
  - path: ./in
    output: ./out
    priority: 3
    rules:
      - name: audio
        pattern: "**/*.{wav,aif}"
        profile: audio-qlab
      - name: masters
        pattern: "masters/**"
        profile: archival
        output_pattern: "masters/{date}/{stem}.{ext}"
        priority: 50
        delete_input: false
      - name: lobby
        pattern: "lobby_*"
        profile: lobby-loop
        output_pattern: "{filename}"
        source_action: { move: ./done }
    profile: live-qlab
  - path: ./strict
    rules:
      - pattern: "*.mov"
        profile: live-h264
`);

describe('planJob', () => {
  it('plans a rule match: profile, output, priority, source action, collision', () => {
    const plan = planJob(config, 0, '/show/in/act1/drums.AIF', NOW);
    expect(plan).toMatchObject({
      ok: true,
      origin: 'rule:audio',
      relPath: 'act1/drums.AIF',
      outputPath: '/show/out/act1/drums.wav',
      priority: 0,
      sourceAction: { kind: 'delete' },
      collision: 'fail',
      warnings: [],
    });
    expect(plan.ok && plan.profile.name).toBe('audio-qlab');
  });

  it('keeps the source of a rule with delete_input: false despite a global delete', () => {
    const plan = planJob(config, 0, '/show/in/masters/opening.mov', NOW);
    expect(plan).toMatchObject({
      ok: true,
      origin: 'rule:masters',
      outputPath: '/show/out/masters/2025-03-01/opening.mov',
      priority: 50,
      sourceAction: { kind: 'keep' },
    });
  });

  it('uses custom profiles and warns when the pattern named another extension', () => {
    const plan = planJob(config, 0, '/show/in/lobby_loop.mp4', NOW);
    expect(plan).toMatchObject({
      ok: true,
      outputPath: '/show/out/lobby_loop.mkv',
      sourceAction: { kind: 'move', folder: '/show/done' },
    });
    expect(plan.ok && plan.warnings[0]).toMatch(/gives "\.mp4" but profile lobby-loop writes mkv/);
  });

  it("falls back to the watch folder's profile when no rule matches", () => {
    expect(planJob(config, 0, '/show/in/act2/scene.mxf', NOW)).toMatchObject({
      ok: true,
      rule: null,
      origin: 'watch:0',
      outputPath: '/show/out/act2/scene.mov',
      priority: 3,
      sourceAction: { kind: 'delete' },
    });
  });

  it('passes a file over with a reason when no rule matches and there is no fallback', () => {
    expect(planJob(config, 1, '/show/strict/sub/x.mov', NOW)).toMatchObject({
      ok: false,
      code: 'no_rule',
      relPath: 'sub/x.mov',
      reason: expect.stringMatching(
        /no rule matches "sub\/x\.mov".*"\*\*\/\*\.mov" matches in sub-folders too/,
      ),
    });
  });

  it('passes over ignored files, files outside the folder and unknown watch indexes', () => {
    expect(planJob(config, 0, '/show/in/._clip.mov', NOW)).toMatchObject({
      ok: false,
      code: 'not_candidate',
    });
    expect(planJob(config, 0, '/show/strict/clip.mov', NOW)).toMatchObject({
      ok: false,
      code: 'not_candidate',
    });
    expect(planJob(config, 7, '/show/in/clip.mov', NOW)).toMatchObject({ ok: false, code: 'no_watch' });
  });

  it('refuses an output that would land in a watch folder (#14)', () => {
    const tangled = configFrom(`watch:
  - path: ./show/incoming
    profile: live-qlab
    output: ./show
`);
    const plan = planJob(tangled, 0, '/show/show/incoming/incoming/clip.mov', NOW);
    expect(plan).toMatchObject({
      ok: false,
      code: 'output',
      reason: expect.stringMatching(/would land in the watch folder/),
    });
    expect(planJob(tangled, 0, '/show/show/incoming/clip.mov', NOW)).toMatchObject({ ok: true });
  });
});
