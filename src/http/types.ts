import type { Context, MiddlewareHandler } from 'hono';
import type { WSEvents } from 'hono/ws';
import type { Config } from '../config/index.ts';

/** The part of the running configuration the HTTP layer reads per request (token, CORS origins, body limit). */
export type ConfigLike = Pick<Config, 'api'>;

export interface HealthCheck {
  ok: boolean;
  detail?: string;
}

/** One entry per dependency the service needs (store, ffmpeg, watchers, service loop). */
export type HealthChecks = Record<string, HealthCheck>;

/**
 * The runtime's WebSocket upgrade helper (`upgradeWebSocket` of `@hono/node-server` or `hono/deno`), narrowed to the
 * one form the app uses so that both adapters fit without the app knowing which runtime it is on.
 */
export type WebSocketUpgrader = (
  createEvents: (c: Context) => WSEvents<unknown> | Promise<WSEvents<unknown>>,
) => MiddlewareHandler;

/** Tuning of the WebSocket stream; defaults suit a dashboard on a show network. */
export interface StreamOptions {
  /** Minimum spacing of job.progress messages per job (250 ms = 4/s). */
  progressIntervalMs: number;
  /** Messages a client may have waiting before it is considered behind. */
  maxQueuedMessages: number;
  /** Bytes waiting in the socket (bufferedAmount) above which nothing more is written to it. */
  maxBufferedBytes: number;
  /** A client that has not caught up within this time is closed with 1013. */
  maxLagMs: number;
  /** Finished jobs included in a snapshot. */
  historyLimit: number;
}
