import type { AppFactory } from './app.ts';

/** What both runtime entries take. */
export interface StartHttpServerOptions {
  factory: AppFactory;
  /** Default 127.0.0.1; anything else needs `token`. */
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  token?: string | null;
}

export interface HttpServerHandle {
  host: string;
  port: number;
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  /** Closes every WebSocket (1001), stops accepting connections and ends open ones. */
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';

/** Largest client WebSocket frame; the protocol's messages are a few bytes. */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

export function serverUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
