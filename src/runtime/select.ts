import type { HttpServerHandle, StartHttpServerOptions } from '../http/server-options.ts';

export type StartHttp = (options: StartHttpServerOptions) => Promise<HttpServerHandle>;

/** The HTTP server of the runtime we are on: `Deno.serve` on Deno, @hono/node-server on Node. */
export async function loadStartHttp(): Promise<StartHttp> {
  if ('Deno' in globalThis) {
    // A computed specifier keeps Node's type checker and loader away from the Deno-only module.
    const denoEntry = './deno.ts';
    return ((await import(denoEntry)) as { startHttpServer: StartHttp }).startHttpServer;
  }
  return (await import('./node.ts')).startHttpServer;
}

export function runtimeName(): string {
  const deno = (globalThis as { Deno?: { version: { deno: string } } }).Deno;
  return deno ? `deno ${deno.version.deno}` : `node ${process.versions.node}`;
}
