import { signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { createActor } from 'xstate';
import { connectionMachine, connectionPhase } from '../../../machines/connection.ts';
import { type ApiClient, createApiClient } from './api.ts';
import { createLiveState, type LiveState } from './live-state.ts';
import { createSocketActor } from './socket-actor.ts';
import type { StatusData } from './types.ts';

/** A message for the operator after an action (shown in a polite live region). */
export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

export interface Dashboard {
  api: ApiClient;
  live: LiveState;
  notice: { value: Notice | null };
  /** Runs an API action and reports its failure (the server's message) as a notice; resolves to null on failure. */
  act<T>(label: string, run: () => Promise<T>): Promise<T | null>;
  /** After the token was entered: reconnect now. */
  tokenEntered(): void;
  /** Skip the rest of the backoff wait. */
  reconnectNow(): void;
  /** Posters that answered with an error, so rows scrolled back into view do not ask again. */
  posterFailed: Set<string>;
  stop(): void;
}

const DashboardContext = createContext<Dashboard | null>(null);
export const DashboardProvider = DashboardContext.Provider;

export function useDashboard(): Dashboard {
  const dashboard = useContext(DashboardContext);
  if (!dashboard) throw new Error('useDashboard outside DashboardProvider');
  return dashboard;
}

/**
 * Collapses a burst of calls into at most one run per `ms`, the last call always followed by a run (a drop of 500
 * files refetches twice a second while it lasts, not once per file, and never waits for the burst to end).
 */
function coalesce(run: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let again = false;
  const fire = () => {
    timer = null;
    if (!again) return;
    again = false;
    run();
    timer = setTimeout(fire, ms);
  };
  return () => {
    again = true;
    if (timer === null) timer = setTimeout(fire, ms / 4);
  };
}

/** The page's state and its links to the server: one per page, handed to the views through context. */
export function createDashboard(): Dashboard {
  const api = createApiClient();
  const live = createLiveState();
  const notice = signal<Notice | null>(null);

  const refreshStatus = coalesce(() => {
    api.call<StatusData>('GET', '/status').then(live.setStatus, () => {});
  }, 500);

  const connection = createActor(connectionMachine.provide({ actors: { socket: createSocketActor(api) } }), {
    input: {},
  });
  connection.subscribe({
    next: (snapshot) => {
      live.connection.value = connectionPhase(snapshot.value);
    },
    error: () => {
      live.connection.value = 'backingOff';
    },
  });
  connection.on('snapshot', (e) => live.applySnapshot(e.message));
  connection.on('event', (e) => {
    const next = live.applyEvent(e.message);
    if (next.status) refreshStatus();
    if (next.resync) connection.send({ type: 'resync.request' });
  });
  connection.start();

  return {
    api,
    live,
    notice,
    posterFailed: new Set(),
    async act(label, run) {
      try {
        const result = await run();
        notice.value = { kind: 'ok', text: label };
        return result;
      } catch (error) {
        notice.value = { kind: 'error', text: `${label} failed: ${(error as Error).message}` };
        return null;
      }
    },
    tokenEntered() {
      connection.send({ type: 'token.set' });
    },
    reconnectNow() {
      connection.send({ type: 'retry.now' });
    },
    stop() {
      connection.stop();
    },
  };
}
