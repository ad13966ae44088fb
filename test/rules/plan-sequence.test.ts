import { describe, expect, it } from 'vitest';
import { planSequenceJob } from '../../src/rules/plan-sequence.ts';
import { configFrom } from './fixtures.ts';

const config = configFrom(`watch:
  - path: /show/watch
    output: /show/out
    extensions: [png, mov]
    source_action: delete
    rules:
      - pattern: "**/*.png"
        profile: live-qlab
        output_pattern: "{rel_dir}/{stem}-{profile}.{ext}"
`);

describe('planning an image-sequence folder', () => {
  it('matches rules on the first frame and names the output after the folder', () => {
    const plan = planSequenceJob(
      config,
      0,
      '/show/watch/day1/intro',
      '/show/watch/day1/intro/intro_0001.png',
      0,
    );
    expect(plan).toMatchObject({
      ok: true,
      relPath: 'day1/intro',
      outputPath: '/show/out/day1/intro-live-qlab.mov',
    });
  });

  it('takes a dotted folder name whole, not as a name and an extension', () => {
    const plan = planSequenceJob(config, 0, '/show/watch/show.v2', '/show/watch/show.v2/f_01.png', 0);
    expect(plan).toMatchObject({ ok: true, outputPath: '/show/out/show.v2-live-qlab.mov' });
  });

  it('always keeps the folder, and says so when the rule asked for more', () => {
    const plan = planSequenceJob(config, 0, '/show/watch/intro', '/show/watch/intro/intro_0001.png', 0);
    expect(plan).toMatchObject({ ok: true, sourceAction: { kind: 'keep' } });
    expect(plan.ok && plan.warnings).toEqual([
      'source_action delete is not applied to image sequences: the folder intro is kept',
    ]);
  });

  it('a first frame no rule matches gets the ordinary no-rule reason', () => {
    const other = configFrom(`watch:
  - path: /show/watch
    extensions: [png]
    rules:
      - pattern: "**/*.jpg"
        profile: live-qlab
`);
    expect(planSequenceJob(other, 0, '/show/watch/a', '/show/watch/a/a_01.png', 0)).toMatchObject({
      ok: false,
      code: 'no_rule',
    });
  });
});
