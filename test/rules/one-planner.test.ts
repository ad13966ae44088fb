import { mkdir, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromText } from '../../src/config/index.ts';
import type { Config } from '../../src/config/types.ts';
import { planSubmission } from '../../src/http/submit-policy.ts';
import { planJob } from '../../src/rules/plan-job.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

let dir: TempDir;
let config: Config;

beforeAll(async () => {
  dir = await makeTempDir('bvp-planner-');
  for (const folder of ['watch/inbox', 'output/inbox']) await mkdir(dir.join(folder), { recursive: true });
  await writeFile(dir.join('watch', 'inbox', 'cue.mov'), 'x');
  // A second watch folder inside the first one's output folder: an output written there comes back as a source.
  const text = `watch:
  - path: ./watch
    profile: live-qlab
  - path: ./output/inbox
    profile: live-qlab
    output: ./elsewhere
`;
  config = configFromText(text, dir.join('bvp.yaml'));
});
afterAll(() => dir.cleanup());

describe('one rule for outputs that would feed a watch folder', () => {
  it('the hot folder and POST /jobs refuse the same output with the same reason', async () => {
    const source = dir.join('watch', 'inbox', 'cue.mov');
    const watched = planJob(config, 0, source, 0);
    expect(watched).toMatchObject({ ok: false, code: 'output' });
    const reason = watched.ok ? '' : watched.reason;
    expect(reason).toContain(`would land in the watch folder ${dir.join('output', 'inbox')}`);

    const api = await planSubmission(config, { source, profile: 'live-qlab' }, 0);
    expect(api).toEqual({ ok: false, code: 'output.escape', field: 'output', message: reason });
    const named = await planSubmission(config, { source, profile: 'live-qlab', output: 'inbox/cue.mov' }, 0);
    expect(named).toEqual({ ok: false, code: 'output.escape', field: 'output', message: reason });
  });

  it('an output beside it, outside every watch folder, is planned by both', async () => {
    const api = await planSubmission(
      config,
      { source: dir.join('watch', 'inbox', 'cue.mov'), profile: 'live-qlab', output: 'act1/cue.mov' },
      0,
    );
    expect(api).toMatchObject({ ok: true, request: { output: dir.join('output', 'act1', 'cue.mov') } });
  });
});
