import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionMachine } from '../../machines/connection.ts';
import { describeMachine, hashDefinition, type MachineDefinition } from '../../src/inspect/definitions.ts';
import { type Served, serve } from './helpers/serve.ts';

let s: Served;
beforeAll(async () => {
  s = await serve();
});
afterAll(() => s.close());

async function machines(): Promise<MachineDefinition[]> {
  const res = await fetch(`${s.url}/api/v1/machines`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { machines: MachineDefinition[] }).machines;
}

interface NodeJson {
  id: string;
  states: Record<string, NodeJson>;
}

function stateIds(node: NodeJson): string[] {
  return [node.id, ...Object.values(node.states ?? {}).flatMap(stateIds)];
}

describe('GET /api/v1/machines', () => {
  it('serves the job, queue, intake and connection machines the running code uses, each hash that of its JSON', async () => {
    const served = await machines();
    expect(served.map((m) => m.name)).toEqual(['job', 'queue', 'intake', 'connection']);
    // The very machine objects the queue actor and the intake runner were created with.
    const running = {
      job: s.bp.service.machines.job,
      queue: s.bp.service.machines.queue,
      intake: s.bp.hotFolders.intakeLogic,
      // The dashboard's link to the server: the same file the browser bundle is built from.
      connection: connectionMachine,
    };
    for (const m of served) {
      const machine = running[m.name as keyof typeof running];
      expect(m.hash).toBe(describeMachine({ name: m.name, machine }).hash);
      expect(m.hash).toBe(hashDefinition(m.definition));
      expect(m.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(served.map((m) => m.hash)).size).toBe(4);
    // …and those objects are what the live queue actor runs and spawns its jobs from.
    const [name, queueActor] = s.bp.service.inspectActors()[0];
    expect(name).toBe('queue');
    const logic = (queueActor as unknown as { logic: typeof running.queue }).logic;
    expect(logic).toBe(running.queue);
    expect(logic.implementations.actors.job).toBe(running.job);
    expect(describeMachine({ name, machine: logic }).hash).toBe(served[1].hash);
  });

  it('includes all six job statuses, each mapped onto states of the job chart, and the queue states', async () => {
    const [job, queue] = await machines();
    const ids = stateIds(job.definition as NodeJson);
    expect(Object.keys(job.statuses ?? {}).sort()).toEqual(
      ['cancelled', 'completed', 'failed', 'paused', 'pending', 'running'].sort(),
    );
    for (const states of Object.values(job.statuses!)) for (const id of states) expect(ids).toContain(id);
    for (const status of ['pending', 'completed', 'failed', 'cancelled'])
      expect(ids).toContain(`job.${status}`);
    expect(ids).toEqual(expect.arrayContaining(['job.active.running', 'job.active.paused', 'job.held']));
    expect(stateIds(queue.definition as NodeJson)).toEqual([
      'queue',
      'queue.running',
      'queue.paused',
      'queue.stopping',
      'queue.stopped',
    ]);
  });

  it('keeps the eventless transitions that toJSON() leaves out (restoring → held | waiting | pending)', async () => {
    const [job] = await machines();
    const restoring = (job.definition as { states: Record<string, { always?: unknown[] }> }).states.restoring;
    expect(restoring.always).toEqual([
      expect.objectContaining({ guard: 'startsHeld', target: ['#job.held'], eventType: '' }),
      expect.objectContaining({ guard: 'waitsForRetry', target: ['#job.waiting'], eventType: '' }),
      expect.objectContaining({ target: ['#job.pending'], eventType: '' }),
    ]);
  });

  it('answers one machine, its Mermaid text, and 404 naming the known ones for an unknown name', async () => {
    const one = await fetch(`${s.url}/api/v1/machines/queue`);
    expect(((await one.json()) as MachineDefinition).name).toBe('queue');
    const mermaid = await fetch(`${s.url}/api/v1/machines/job/mermaid`);
    expect(mermaid.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await mermaid.text();
    expect(text.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(text).toContain('pending --> active : START');
    const missing = await fetch(`${s.url}/api/v1/machines/jobs/mermaid`);
    expect(missing.status).toBe(404);
    const body = (await missing.json()) as { error: { message: string } };
    expect(body.error.message).toBe('No machine "jobs" (known: job, queue, intake, connection)');
  });
});
