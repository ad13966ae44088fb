import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { intakeMachine } from '../../machines/intake.ts';
import { describeMachine } from '../../src/inspect/definitions.ts';
import { toMermaid } from '../../src/inspect/mermaid.ts';
import {
  extractJobChart,
  JOB_CHART_END,
  JOB_CHART_START,
  renderJobChart,
  replaceJobChart,
} from '../../src/inspect/readme-chart.ts';
import { bvp } from '../helpers/bvp.ts';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const mermaidOf = (machine: Parameters<typeof describeMachine>[0]['machine']) =>
  toMermaid(describeMachine({ name: 'm', machine }).definition);

describe('toMermaid', () => {
  it('draws nesting as composite states with their own initial state, guards in brackets, finals to [*]', () => {
    const machine = createMachine({
      id: 'm',
      initial: 'a',
      states: {
        a: { always: { guard: 'ready', target: 'b' }, on: { GO: 'b.inner' } },
        b: {
          initial: 'inner',
          states: { inner: { on: { NEXT: 'other' } }, other: { after: { 500: '#m.done' } } },
        },
        done: { type: 'final' },
      },
    });
    expect(mermaidOf(machine)).toBe(
      [
        'stateDiagram-v2',
        '  [*] --> a',
        '  a',
        '  state b {',
        '    [*] --> b_inner',
        '    state "inner" as b_inner',
        '    state "other" as b_other',
        '    b_inner --> b_other : NEXT',
        '    b_other --> done : after 500',
        '  }',
        '  done',
        '  a --> b : always [ready]',
        '  a --> b_inner : GO',
        '  done --> [*]',
        '',
      ].join('\n'),
    );
  });

  it('names invoked actors in done and error transitions, as the intake chart shows', () => {
    const text = mermaidOf(intakeMachine);
    expect(text).toContain('checking --> writers : done (stat)');
    expect(text).toContain('probing --> ready : done (probe) [playable]');
    expect(text).toContain('settling --> checking : after settle');
  });
});

describe('README job chart', () => {
  it('replaces only the text between the markers', () => {
    const doc = `# T\n\n${JOB_CHART_START}\nold\n${JOB_CHART_END}\ntail\n`;
    const next = replaceJobChart(doc, 'new\n');
    expect(next).toBe(`# T\n\n${JOB_CHART_START}\nnew\n${JOB_CHART_END}\ntail\n`);
    expect(extractJobChart(next!)).toBe('new\n');
    expect(replaceJobChart('# no markers', 'x')).toBeNull();
  });

  it('matches the job machine in machines/job.ts', async () => {
    const expected = renderJobChart();
    const readme = await readFile(README, 'utf8');
    // BVP_UPDATE_README=1 rewrites the chart in place, like a snapshot update.
    if (process.env.BVP_UPDATE_README === '1') {
      const next = replaceJobChart(readme, expected);
      if (next !== null && next !== readme) await writeFile(README, next);
      return;
    }
    const actual = extractJobChart(readme);
    expect(actual, `README.md lacks the ${JOB_CHART_START} … ${JOB_CHART_END} section`).not.toBeNull();
    expect(
      actual,
      'README.md job chart is out of date with machines/job.ts. Regenerate it with\n' +
        '  BVP_UPDATE_README=1 npx vitest run test/inspect/mermaid.test.ts\n' +
        `or paste this between the markers:\n\n${expected}`,
    ).toBe(expected);
  });
});

describe('bvp machines', () => {
  it('prints the job chart as Mermaid, and exits 2 naming the known machines for an unknown one', async () => {
    const ok = await bvp(['machines', '--mermaid', 'job']);
    expect(ok.exitCode, ok.all).toBe(0);
    expect(`\`\`\`mermaid\n${ok.stdout}\n\`\`\`\n`).toBe(renderJobChart());
    const bad = await bvp(['machines', '--mermaid', 'jobs']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('no machine "jobs" (known: job, queue, intake, connection)');
  });
});
