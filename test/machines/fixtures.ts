import { fromCallback } from 'xstate';
import type { TranscodeLogic } from '../../machines/job.ts';
import type {
  JobProgress,
  JobResult,
  JobSpec,
  TranscodeCommand,
  TranscodeInput,
  TranscodeReport,
} from '../../machines/types.ts';
import type { Profile } from '../../src/profiles/schema.ts';

/** A job spec whose source is `/watch/<id>.mov`; the machines never look inside the profile. */
export function makeSpec(id: string, overrides: Partial<JobSpec> = {}): JobSpec {
  return {
    id,
    source: { path: `/watch/${id}.mov`, size: 1000, mtimeMs: 1 },
    outputPath: `/out/${id}.mov`,
    profile: { name: 'test' } as unknown as Profile,
    overrides: {},
    priority: 0,
    sourceAction: { kind: 'keep' },
    collision: 'suffix',
    verify: true,
    origin: 'test',
    createdAt: 0,
    ...overrides,
  };
}

export const progress = (percent: number): JobProgress => ({
  percent,
  fps: 25,
  speed: 1,
  etaSeconds: 10,
  outTimeSeconds: percent / 10,
});

export const result = (id: string): JobResult => ({
  outputPath: `/out/${id}.mov`,
  outputBytes: 500,
  inputBytes: 1000,
  durationSeconds: 10,
  encodeSeconds: 3,
  ffmpegArgs: ['-i', 'x'],
});

/** One run of the fake transcode actor: what it was told, whether its cleanup (kill ffmpeg) ran. */
export interface FakeRun {
  input: TranscodeInput;
  commands: TranscodeCommand['type'][];
  cleanedUp: boolean;
  report: (event: TranscodeReport) => void;
}

/** A transcode actor that does nothing until the test reports for it, and records every command and its cleanup. */
export function fakeTranscode(): {
  logic: TranscodeLogic;
  runs: FakeRun[];
  live: () => FakeRun[];
  runOf: (id: string) => FakeRun;
  finish: (id: string) => void;
} {
  const runs: FakeRun[] = [];
  const logic = fromCallback<TranscodeCommand, TranscodeInput>(({ input, sendBack, receive }) => {
    const run: FakeRun = { input, commands: [], cleanedUp: false, report: sendBack };
    runs.push(run);
    receive((command) => run.commands.push(command.type));
    return () => {
      run.cleanedUp = true;
    };
  });
  const live = () => runs.filter((r) => !r.cleanedUp);
  const runOf = (id: string) => {
    const run = live().find((r) => r.input.spec.id === id);
    if (!run) throw new Error(`no live run for ${id}`);
    return run;
  };
  const finish = (id: string) => runOf(id).report({ type: 'transcode.done', result: result(id) });
  return { logic, runs, live, runOf, finish };
}
