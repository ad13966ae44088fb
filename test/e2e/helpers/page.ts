import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium } from './chromium.ts';

export interface PageOptions {
  viewport?: { width: number; height: number };
  /** Path to open (default `/`); nothing is opened when null. */
  path?: string | null;
}

/** A page on the server, with everything it asked for. */
export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Every URL the page requested (HTTP through interception, WebSocket by its handshake), in order. */
  requests: string[];
  /** Requests that went (or tried to go) to another host than the server; they were refused. */
  foreign: string[];
  /** Uncaught exceptions in the page. */
  errors: string[];
}

/**
 * One Chromium per test file (launching is the slow part), one fresh context per page. Every request the page makes
 * is intercepted: to the server it goes through, anywhere else it is aborted and recorded, and after each test the
 * suite asserts that none was made and that the page threw nothing uncaught.
 */
export function useBrowser(serverUrl: () => string): (options?: PageOptions) => Promise<OpenedPage> {
  let browser: Browser | null = null;
  const open: OpenedPage[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const pages = open.splice(0);
    for (const p of pages) await p.context.close().catch(() => {});
    for (const p of pages) {
      expect(p.foreign, 'requests to hosts other than the server').toEqual([]);
      expect(p.errors, 'uncaught errors in the page').toEqual([]);
    }
  });

  return async (options = {}) => {
    if (!browser) throw new Error('the browser is not running (useBrowser registers beforeAll)');
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    const opened: OpenedPage = {
      page: await context.newPage(),
      context,
      requests: [],
      foreign: [],
      errors: [],
    };
    open.push(opened);
    const isServer = (url: string) => new URL(url).host === new URL(serverUrl()).host;
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      opened.requests.push(url);
      if (isServer(url)) await route.continue();
      else {
        opened.foreign.push(url);
        await route.abort('blockedbyclient');
      }
    });
    opened.page.on('websocket', (ws) => {
      opened.requests.push(ws.url());
      if (!isServer(ws.url().replace(/^ws/, 'http'))) opened.foreign.push(ws.url());
    });
    opened.page.on('pageerror', (error) => opened.errors.push(error.stack ?? String(error)));
    opened.page.setDefaultTimeout(30_000);
    if (options.path !== null) await opened.page.goto(`${serverUrl()}${options.path ?? '/'}`);
    return opened;
  };
}

/** The URLs of requests a page made that match `pattern` (for asserting what loaded). */
export function requested(opened: OpenedPage, pattern: RegExp): string[] {
  return opened.requests.filter((u) => pattern.test(u));
}
