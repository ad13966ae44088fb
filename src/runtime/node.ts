import type { AddressInfo } from 'node:net';
import { serve, upgradeWebSocket } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { BvpError } from '../errors.ts';
import { STREAM_PROTOCOL } from '../http/security/auth.ts';
import { checkBindSafety } from '../http/security/bind-safety.ts';
import {
  DEFAULT_HOST,
  type HttpServerHandle,
  MAX_CLIENT_FRAME_BYTES,
  type StartHttpServerOptions,
  serverUrl,
} from '../http/server-options.ts';

/**
 * Serves the app on Node with @hono/node-server 2: its built-in `upgradeWebSocket` plus a `ws` WebSocketServer in
 * noServer mode handed to `serve({ websocket: { server } })` (the successor of the deprecated @hono/node-ws).
 * @throws BvpError `config.invalid` for a non-loopback host without a token; `config.io` when the port is taken.
 */
export async function startHttpServer(options: StartHttpServerOptions): Promise<HttpServerHandle> {
  const host = options.host ?? DEFAULT_HOST;
  checkBindSafety(host, options.token);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    // Only ever bvp.v1: echoing another offered protocol could reflect a browser's bvp.token.<token> back.
    handleProtocols: (protocols) => (protocols.has(STREAM_PROTOCOL) ? STREAM_PROTOCOL : false),
  });
  const { app, hub } = options.factory(upgradeWebSocket);
  const server = serve({
    fetch: app.fetch,
    hostname: host,
    port: options.port ?? 8080,
    websocket: { server: wss },
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      hub.close();
      reject(
        new BvpError('config.io', `Cannot listen on ${host}:${options.port}: ${error.message}`, {
          cause: error,
        }),
      );
    };
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    host,
    port,
    url: serverUrl(host, port),
    close() {
      closing ??= (async () => {
        hub.close(1001, 'Server shutting down');
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
        // Give clients a moment to answer the close frame, then drop whoever has not.
        const deadline = Date.now() + 1000;
        while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        for (const client of wss.clients) client.terminate();
        await closed;
      })();
      return closing;
    },
  };
}
