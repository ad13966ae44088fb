import type { CommandCheck, QueueCommand } from '../../machines/queue.ts';
import { BvpError } from '../errors.ts';

const CODES = {
  not_found: 'job.not_found',
  duplicate: 'job.duplicate',
  invalid_value: 'usage',
  invalid_state: 'job.state',
} as const;

/** A command the queue would refuse, as the BvpError the API maps to 404/409/400. */
export function refusalError(check: Exclude<CommandCheck, { ok: true }>, command: QueueCommand): BvpError {
  return new BvpError(CODES[check.reason], check.message, {
    details: { command: command.type, reason: check.reason },
  });
}
