import { upgradeWebSocket } from 'hono/deno';
import { BvpError } from '../errors.ts';
import { checkBindSafety } from '../http/security/bind-safety.ts';
import {
  DEFAULT_HOST,
  type HttpServerHandle,
  type StartHttpServerOptions,
  serverUrl,
} from '../http/server-options.ts';

/**
 * Serves the app on Deno: `Deno.serve` with `hono/deno`'s upgradeWebSocket (which echoes the first offered
 * subprotocol, so clients list bvp.v1 first). Same contract as src/runtime/node.ts.
 * @throws BvpError `config.invalid` for a non-loopback host without a token; `config.io` when the port is taken.
 */
export async function startHttpServer(options: StartHttpServerOptions): Promise<HttpServerHandle> {
  const host = options.host ?? DEFAULT_HOST;
  checkBindSafety(host, options.token);
  const { app, hub } = options.factory(upgradeWebSocket);
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({ hostname: host, port: options.port ?? 8080, onListen: () => {} }, app.fetch);
  } catch (error) {
    hub.close();
    const message = error instanceof Error ? error.message : String(error);
    throw new BvpError('config.io', `Cannot listen on ${host}:${options.port}: ${message}`, { cause: error });
  }
  const port = server.addr.port;
  let closing: Promise<void> | null = null;
  return {
    host,
    port,
    url: serverUrl(host, port),
    close() {
      closing ??= (async () => {
        hub.close(1001, 'Server shutting down');
        await server.shutdown();
      })();
      return closing;
    },
  };
}
