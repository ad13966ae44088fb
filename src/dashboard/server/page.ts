import type { DashboardBuild } from '../build.ts';

/**
 * The page may run only its own script and stylesheet, talk only to this server (fetch and the WebSocket), and show
 * images from this server or blob: URLs (posters fetched with the token). No inline script, no inline style element.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of the page and its assets: no sniffing, no referrer to anywhere, never framed. */
export const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** The HTML shell: it only names the hashed assets; everything shown comes from the API as text. */
export function dashboardHtml(build: Pick<DashboardBuild, 'script' | 'style'>): string {
  return `<!doctype html>
<html lang="en" data-theme="dark">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark light">
<title>Bulletproof</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/${build.style}">
<script type="module" src="/assets/${build.script}"></script>
</head>
<body>
<div id="app"><p class="boot">Loading the Bulletproof dashboard…</p></div>
<noscript><p>The Bulletproof dashboard needs JavaScript. The API is at /api/v1 and described at /api/docs.</p></noscript>
</body>
</html>
`;
}
