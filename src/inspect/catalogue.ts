import type { AnyStateMachine } from 'xstate';
import { createMachineCatalogue, JOB_STATUS_STATES, type NamedMachine } from './definitions.ts';

/** What the running service and hot folders expose of their machines. */
export interface RunningMachines {
  service: { machines: { queue: AnyStateMachine; job: AnyStateMachine } };
  hotFolders: { intakeLogic: AnyStateMachine };
  /** Machines that run elsewhere (the dashboard's connection machine runs in the browser). */
  extra?: readonly NamedMachine[];
}

/** The machines GET /api/v1/machines serves: the very objects the actors run, in a fixed order. */
export function serviceMachineCatalogue(running: RunningMachines) {
  const list: NamedMachine[] = [
    { name: 'job', machine: running.service.machines.job, statuses: JOB_STATUS_STATES },
    { name: 'queue', machine: running.service.machines.queue },
    { name: 'intake', machine: running.hotFolders.intakeLogic },
    ...(running.extra ?? []),
  ];
  return createMachineCatalogue(() => list);
}
