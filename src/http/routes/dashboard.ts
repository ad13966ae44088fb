import { Hono } from 'hono';
import type { ConfigControl } from '../../config/control.ts';
import type { Config } from '../../config/index.ts';
import { buildDashboard, type DashboardBuild } from '../../dashboard/build.ts';
import { maskToken, unmaskToken } from '../../dashboard/server/config-text.ts';
import { dashboardHtml, PAGE_HEADERS } from '../../dashboard/server/page.ts';
import { testRulePath } from '../../dashboard/server/rules-test.ts';
import { ConfigTextBodySchema, RuleTestBodySchema } from '../../dashboard/server/schemas.ts';
import { apiErrorResponse } from '../error-map.ts';
import { jsonBody } from '../validate.ts';

export interface DashboardRouteDeps {
  config: () => Config;
  configControl?: ConfigControl;
  now?: () => number;
  /** Supplies the built assets; default builds (or reads the cache) on the first request, never at import. */
  build?: () => Promise<DashboardBuild>;
}

/**
 * The web dashboard at `/` (its hashed, immutable assets under /assets/) and the three API calls only it needs: the
 * config file's text for the editor (token masked), replacing that text, and "test a path" against the rules.
 */
export function createDashboardRoutes(deps: DashboardRouteDeps): Hono {
  const r = new Hono();
  const now = deps.now ?? Date.now;
  let building: Promise<DashboardBuild> | null = null;
  // Built on the first request, so `bvp --help` or an API-only test never runs esbuild; a failed build is retried.
  const built = () => {
    building ??= (deps.build ?? buildDashboard)().catch((error: unknown) => {
      building = null;
      throw error;
    });
    return building;
  };

  r.get('/', async (c) => {
    const build = await built();
    return c.body(dashboardHtml(build), 200, {
      ...PAGE_HEADERS,
      'content-type': 'text/html; charset=UTF-8',
      'cache-control': 'no-cache',
    });
  });

  r.get('/assets/:name', async (c) => {
    const asset = (await built()).assets.get(c.req.param('name'));
    if (!asset) return apiErrorResponse('route.not_found', `No asset ${c.req.param('name')}`);
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const bytes = gzip ? asset.gzip : asset.body;
    return c.body(bytes.slice().buffer as ArrayBuffer, 200, {
      ...PAGE_HEADERS,
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      vary: 'Accept-Encoding',
      'content-type': asset.type,
      // The name carries the source hash: a changed source is a new URL.
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });

  r.post('/api/v1/rules/test', jsonBody(RuleTestBodySchema), async (c) =>
    c.json(await testRulePath(deps.config(), c.req.valid('json').path, now())),
  );

  const control = () => {
    const target = deps.configControl;
    if (target?.readText && target.replaceText) return target as Required<ConfigControl>;
    return apiErrorResponse('feature.unavailable', 'This server was started without a config file to edit');
  };
  const token = () => deps.config().api.token;

  r.get('/api/v1/config/text', async (c) => {
    const target = control();
    if (target instanceof Response) return target;
    return c.json({ yaml: maskToken(await target.readText()) });
  });

  r.post('/api/v1/config/text/validate', jsonBody(ConfigTextBodySchema), async (c) => {
    const target = control();
    if (target instanceof Response) return target;
    return c.json(await target.validate({ yaml: unmaskToken(c.req.valid('json').yaml, token()) }));
  });

  r.put('/api/v1/config/text', jsonBody(ConfigTextBodySchema), async (c) => {
    const target = control();
    if (target instanceof Response) return target;
    const change = await target.replaceText(unmaskToken(c.req.valid('json').yaml, token()));
    return c.json({ restartRequired: change.restartRequired });
  });

  return r;
}
