import { mapGet } from './persistent-map.ts';
import {
  type CommandCheck,
  MAX_CONCURRENCY,
  MIN_CONCURRENCY,
  type QueueCommand,
  type QueueContext,
  type QueueEmitted,
  type QueueEntry,
} from './queue-events.ts';
import { findEntry, isFinished, isWaiting } from './queue-model.ts';
import { identityKey } from './types.ts';

/**
 * Whether the queue would act on a command, judged on its context: the service asks before sending (so the API
 * answers 404/409 at once), and the machine asks again in its guard and emits command.refused when the answer
 * is no. A refused command changes nothing.
 */

function activeDuplicate(context: QueueContext, key: string, except: string | null): QueueEntry | undefined {
  const id = mapGet(context.keys, key);
  const entry = id === undefined ? undefined : findEntry(context, id);
  return entry && entry.id !== except && entry.key === key && !isFinished(entry) ? entry : undefined;
}

const ok: CommandCheck = { ok: true };
const refuse = (reason: Exclude<CommandCheck, { ok: true }>['reason'], message: string): CommandCheck => ({
  ok: false,
  reason,
  message,
});

function checkJob(context: QueueContext, id: string, allowed: (entry: QueueEntry) => boolean, what: string) {
  const entry = findEntry(context, id);
  if (!entry) return refuse('not_found', `no job ${id}`);
  if (!allowed(entry)) return refuse('invalid_state', `job ${id} is ${entry.status}; ${what}`);
  return ok;
}

/** Whether the queue would act on `command`, and why not — the same answer the machine emits as command.refused. */
export function checkCommandIn(context: QueueContext, command: QueueCommand): CommandCheck {
  switch (command.type) {
    case 'ADD': {
      const { id, source } = command.spec;
      if (findEntry(context, id)) return refuse('duplicate', `job ${id} already exists`);
      const twin = activeDuplicate(context, identityKey(source), null);
      if (twin)
        return refuse('duplicate', `${source.path} is already queued as job ${twin.id} (${twin.status})`);
      return ok;
    }
    case 'CANCEL':
      return checkJob(
        context,
        command.id,
        (e) => !isFinished(e),
        'only pending, running or paused jobs can be cancelled',
      );
    case 'RETRY': {
      // The one retry rule. A job in the queue is not finished; a finished one comes back from its stored record.
      const entry = findEntry(context, command.id);
      const stored = command.job?.id === command.id ? command.job : undefined;
      const status = entry?.status ?? stored?.status;
      if (status === undefined) return refuse('not_found', `no job ${command.id}`);
      const retryable =
        status === 'failed' || status === 'cancelled' || (status === 'completed' && command.rerun);
      if (entry || !retryable) {
        const why =
          status === 'completed' && !entry
            ? 'retry it with rerun to encode it again'
            : 'only failed or cancelled jobs can be retried (completed ones with rerun)';
        return refuse('invalid_state', `job ${command.id} is ${status}; ${why}`);
      }
      const twin = activeDuplicate(context, identityKey(stored!.source), command.id);
      return twin
        ? refuse('duplicate', `its source is already queued as job ${twin.id} (${twin.status})`)
        : ok;
    }
    case 'PAUSE_JOB':
      return checkJob(
        context,
        command.id,
        (e) => e.status === 'pending' || e.status === 'running',
        'nothing to pause',
      );
    case 'RESUME_JOB':
      return checkJob(context, command.id, (e) => e.status === 'paused', 'only paused jobs can be resumed');
    case 'SET_PRIORITY':
      if (!Number.isFinite(command.priority))
        return refuse('invalid_value', 'priority must be a finite number');
      return checkJob(context, command.id, (e) => !isFinished(e), 'finished jobs keep their priority');
    case 'MOVE': {
      const check = checkJob(context, command.id, isWaiting, 'only waiting jobs can be moved');
      if (!check.ok || command.to === 'top' || command.to === 'bottom') return check;
      if (command.ref === undefined || command.ref === command.id) {
        return refuse('invalid_value', `moving ${command.to} needs another job as ref`);
      }
      return checkJob(context, command.ref, isWaiting, 'only a waiting job can be a ref');
    }
    case 'SET_CONCURRENCY': {
      const { value } = command;
      const valid = Number.isInteger(value) && value >= MIN_CONCURRENCY && value <= MAX_CONCURRENCY;
      return valid
        ? ok
        : refuse('invalid_value', `concurrency must be ${MIN_CONCURRENCY}..${MAX_CONCURRENCY}`);
    }
    case 'STOP':
    case 'PAUSE':
    case 'RESUME':
    case 'CLEAR':
    // Each restored job is checked as an ADD by the machine; the ones refused are reported one by one.
    case 'RESTORE':
      return ok;
  }
}

/** The command.refused event for a refused command (null when it is accepted). */
export function refusalOf(context: QueueContext, command: QueueCommand): QueueEmitted | null {
  const check = checkCommandIn(context, command);
  if (check.ok) return null;
  const id = command.type === 'ADD' ? command.spec.id : 'id' in command ? command.id : null;
  return { type: 'command.refused', command: command.type, id, reason: check.reason, message: check.message };
}
