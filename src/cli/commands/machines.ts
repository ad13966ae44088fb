import { connectionMachine } from '../../../machines/connection.ts';
import { intakeMachine } from '../../../machines/intake.ts';
import { jobMachine } from '../../../machines/job.ts';
import { queueMachine } from '../../../machines/queue.ts';
import { describeMachine, JOB_STATUS_STATES, type NamedMachine } from '../../inspect/definitions.ts';
import { toMermaid } from '../../inspect/mermaid.ts';
import { parseCommandArgs, UsageError, writeLine } from '../args.ts';
import type { CliCommand, CliIo } from '../io.ts';

const USAGE = `Usage: bvp machines [--mermaid NAME | --json NAME]

Lists the state machines (job, queue, intake, connection) with the hash GET /api/v1/machines serves for each.

Options:
      --mermaid NAME  print the machine as a Mermaid stateDiagram-v2
      --json NAME     print the machine's definition as XState JSON (what Stately's tools import)
  -h, --help          show this help
`;

// The charts without their implementations: toJSON() of a machine does not include them, so the hashes are the same.
const MACHINES: NamedMachine[] = [
  { name: 'job', machine: jobMachine, statuses: JOB_STATUS_STATES },
  { name: 'queue', machine: queueMachine },
  { name: 'intake', machine: intakeMachine },
  { name: 'connection', machine: connectionMachine },
];

function find(name: string): NamedMachine {
  const found = MACHINES.find((m) => m.name === name);
  if (!found) {
    throw new UsageError(`no machine "${name}" (known: ${MACHINES.map((m) => m.name).join(', ')})`);
  }
  return found;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    mermaid: { type: 'string' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.mermaid !== undefined && values.json !== undefined)
    throw new UsageError('--mermaid and --json cannot be combined');
  if (values.mermaid !== undefined) {
    io.stdout.write(toMermaid(describeMachine(find(values.mermaid)).definition));
    return 0;
  }
  if (values.json !== undefined) {
    writeLine(io.stdout, JSON.stringify(describeMachine(find(values.json)), null, 2));
    return 0;
  }
  for (const m of MACHINES) writeLine(io.stdout, `${m.name.padEnd(7)} ${describeMachine(m).hash}`);
  return 0;
}

export const machinesCommand: CliCommand = {
  name: 'machines',
  summary: 'print the state machines as Mermaid diagrams or XState JSON',
  run,
};
