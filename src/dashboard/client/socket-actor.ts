import { fromCallback } from 'xstate';
import type { SocketCommand, StreamMessage } from '../../../machines/connection.ts';
import type { ApiClient } from './api.ts';

/**
 * The connection machine's `socket` actor in the browser: one WebSocket per invocation, closed when the machine
 * leaves `online`. With a token it first fetches a single-use ticket (browsers cannot set headers on a WebSocket).
 * A socket that fails before opening is followed by one REST probe, since the browser hides the 401 of a refused
 * upgrade: a 401 there means the token is missing or wrong, and retrying alone cannot help.
 */
export function createSocketActor(api: ApiClient) {
  return fromCallback<SocketCommand>(({ sendBack, receive }) => {
    let socket: WebSocket | null = null;
    let stopped = false;
    let opened = false;

    const refusedOrClosed = async (code: number) => {
      if (stopped) return;
      if (!opened) {
        try {
          await api.call('GET', '/status');
        } catch (error) {
          if ((error as { status?: number }).status === 401)
            return stopped || sendBack({ type: 'socket.refused' });
        }
      }
      if (!stopped) sendBack({ type: 'socket.closed', code });
    };

    const open = async () => {
      // The queue as compact rows: 10,000 queued jobs arrive in about a quarter of the bytes of full job views.
      let query = '?snapshot=rows';
      if (api.token.value) {
        try {
          const ticket = await api.call<{ ticket: string }>('POST', '/ws-ticket', {});
          query += `&ticket=${encodeURIComponent(ticket.ticket)}`;
        } catch (error) {
          const refused = (error as { status?: number }).status === 401;
          if (!stopped)
            sendBack(refused ? { type: 'socket.refused' } : { type: 'socket.closed', code: 1006 });
          return;
        }
      }
      if (stopped) return;
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(`${scheme}//${location.host}/api/v1/stream${query}`, 'bvp.v1');
      socket.onopen = () => {
        opened = true;
        sendBack({ type: 'socket.open' });
      };
      socket.onmessage = (event) => {
        if (typeof event.data !== 'string') return;
        try {
          sendBack({ type: 'socket.message', message: JSON.parse(event.data) as StreamMessage });
        } catch {
          // A frame that is not JSON is not from our server; ignore it.
        }
      };
      socket.onclose = (event) => void refusedOrClosed(event.code);
    };

    receive((command) => {
      if (socket?.readyState === WebSocket.OPEN) socket.send(command.text);
    });
    void open();
    return () => {
      stopped = true;
      if (socket) {
        socket.onclose = null;
        socket.close(1000, 'Page reconnecting');
      }
    };
  });
}
