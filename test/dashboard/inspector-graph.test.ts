import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { intakeMachine } from '../../machines/intake.ts';
import { jobMachine } from '../../machines/job.ts';
import { queueMachine } from '../../machines/queue.ts';
import {
  activeStateIds,
  allStateIds,
  eventLabel,
  toChartModel,
  valueText,
} from '../../src/dashboard/client/views/inspector-graph.ts';
import { layoutChart } from '../../src/dashboard/client/views/inspector-layout.ts';
import { describeMachine } from '../../src/inspect/definitions.ts';

const served = (name: string, machine: unknown) =>
  describeMachine({ name, machine: machine as AnyStateMachine }).definition;

describe('inspector chart model', () => {
  it('keeps every state of the job chart, nested, with the initial child of each compound state', () => {
    const { root } = toChartModel(served('job', jobMachine));
    expect(allStateIds(root).sort()).toEqual(
      [
        'job',
        'job.restoring',
        'job.pending',
        'job.waiting',
        'job.held',
        'job.active',
        'job.active.running',
        'job.active.paused',
        'job.completed',
        'job.failed',
        'job.cancelled',
      ].sort(),
    );
    expect(root.initial).toBe('job.restoring');
    expect(root.children.find((c) => c.id === 'job.active')?.initial).toBe('job.active.running');
  });

  it('labels transitions with their event and guard, eventless ones as always', () => {
    const { edges } = toChartModel(served('job', jobMachine));
    const label = (source: string, target: string) =>
      edges.filter((e) => e.source === source && e.target === target).map((e) => e.label);
    expect(label('job.pending', 'job.active')).toEqual(['START']);
    expect(label('job.restoring', 'job.held')).toEqual(['always [startsHeld]']);
    // Finished states are final: nothing leaves them (a retry is a new actor).
    const finals = ['job.completed', 'job.failed', 'job.cancelled'];
    expect(edges.filter((e) => finals.includes(e.source))).toEqual([]);
    expect(label('job.active', 'job.failed')).toContain('error: transcode');
  });

  it('lists transitions without a target inside their state, one line per event with its guards', () => {
    const { root, edges } = toChartModel(served('queue', queueMachine));
    expect(root.internal).toContain('ADD [allowed | else]');
    expect(root.internal).toContain('CLEAR');
    expect(edges.map((e) => e.label).sort()).toEqual([
      'PAUSE',
      'RESUME',
      'STOP',
      'STOP',
      'after shutdownGrace',
      'always [drained]',
    ]);
  });

  it("names XState's generated events as a reader says them", () => {
    expect(eventLabel('xstate.done.actor.0.intake.checking')).toBe('done: checking');
    expect(eventLabel('xstate.error.actor.transcode')).toBe('error: transcode');
    expect(eventLabel('xstate.after.settle.intake.settling')).toBe('after settle');
    expect(eventLabel('')).toBe('always');
    expect(eventLabel('START')).toBe('START');
  });

  it('turns a state value into the highlighted ids, parents included', () => {
    expect([...activeStateIds('job', { active: 'paused' })].sort()).toEqual([
      'job',
      'job.active',
      'job.active.paused',
    ]);
    expect([...activeStateIds('queue', 'running')]).toEqual(['queue', 'queue.running']);
    expect(valueText({ active: 'running' })).toBe('active.running');
  });
});

describe('inspector layout (elkjs)', () => {
  it('places every state and label of the three charts, no two labels overlapping', async () => {
    for (const [name, machine] of [
      ['job', jobMachine],
      ['queue', queueMachine],
      ['intake', intakeMachine],
    ] as const) {
      const model = toChartModel(served(name, machine));
      const chart = await layoutChart(model, (text) => text.length * 7);
      expect(chart.states.map((s) => s.state.id).sort()).toEqual(allStateIds(model.root).sort());
      const labels = chart.edges.flatMap((e) => (e.label ? [e.label] : []));
      expect(labels).toHaveLength(model.edges.length);
      for (const [i, a] of labels.entries()) {
        for (const b of labels.slice(i + 1)) {
          const apart =
            a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          expect(apart, `${name}: "${a.text}" overlaps "${b.text}"`).toBe(true);
        }
      }
      for (const s of chart.states) {
        expect(s.x + s.width).toBeLessThanOrEqual(chart.width);
        expect(s.y + s.height).toBeLessThanOrEqual(chart.height);
      }
    }
  });
});
