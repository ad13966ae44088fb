import { describe, expect, it } from 'vitest';
import { appendStep, type InspectEntry } from '../../src/dashboard/client/views/inspector-stream.ts';

const step = (seq: number, eventType: string, value: unknown): InspectEntry => ({
  seq,
  at: 1_000 + seq,
  eventType,
  event: { type: eventType, n: seq },
  value,
  status: 'active',
  context: null,
  repeats: 1,
});

describe("the inspector's list of steps", () => {
  it('folds a run of one event type that leaves the state as it was into one step, counting it', () => {
    let list: InspectEntry[] = [];
    list = appendStep(list, step(1, 'START', { active: 'running' }));
    for (let seq = 2; seq <= 5; seq++)
      list = appendStep(list, step(seq, 'transcode.progress', { active: 'running' }));
    list = appendStep(list, step(6, 'PAUSE', { active: 'paused' }));
    expect(list.map((e) => [e.seq, e.eventType, e.repeats])).toEqual([
      [1, 'START', 1],
      [2, 'transcode.progress', 4],
      [6, 'PAUSE', 1],
    ]);
    // The folded step keeps its first seq (what the page selects it by) and shows the latest payload.
    expect(list[1]?.event).toEqual({ type: 'transcode.progress', n: 5 });
  });

  it('keeps a step of the same type that changed the state, and only the newest steps past the bound', () => {
    let list: InspectEntry[] = [];
    list = appendStep(list, step(1, 'CHANGED', 'settling'));
    list = appendStep(list, step(2, 'CHANGED', 'checking'));
    expect(list).toHaveLength(2);
    for (let seq = 3; seq <= 10; seq++) list = appendStep(list, step(seq, `E${seq}`, 'x'), 5);
    expect(list.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10]);
  });
});
