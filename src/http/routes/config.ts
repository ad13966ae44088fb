import { Hono } from 'hono';
import { redactConfig } from '../../config/index.ts';
import type { ProfileSupport } from '../../profiles/capability.ts';
import { createProfileRegistry } from '../../profiles/registry.ts';
import type { Profile } from '../../profiles/schema.ts';
import type { ConfigChange, ConfigControl } from '../config-control.ts';
import { apiErrorResponse } from '../error-map.ts';
import { ConfigDocumentSchema, ConfigValidateBodySchema } from '../schemas.ts';
import { jsonBody } from '../validate.ts';

const view = (change: ConfigChange) => ({
  config: redactConfig(change.config),
  restartRequired: change.restartRequired,
});

/** GET/PUT/PATCH /config, POST /config/validate, and the rules and profiles the running config defines. */
export function createConfigRoutes(
  control: ConfigControl | undefined,
  current: ConfigControl['current'],
  support?: (profile: Profile) => ProfileSupport,
): Hono {
  const r = new Hono();
  const editable = () =>
    control ??
    apiErrorResponse('feature.unavailable', 'This server was started without a config file to edit');

  r.get('/config', (c) => c.json(redactConfig(current())));

  r.put('/config', jsonBody(ConfigDocumentSchema), async (c) => {
    const target = editable();
    if (target instanceof Response) return target;
    return c.json(view(await target.replace(c.req.valid('json'))));
  });

  r.patch('/config', jsonBody(ConfigDocumentSchema), async (c) => {
    const target = editable();
    if (target instanceof Response) return target;
    return c.json(view(await target.patch(c.req.valid('json'))));
  });

  r.post('/config/validate', jsonBody(ConfigValidateBodySchema), (c) => {
    const target = editable();
    if (target instanceof Response) return target;
    return c.json(target.validate(c.req.valid('json')));
  });

  r.get('/rules', (c) => {
    const config = current();
    const rules = config.watch.flatMap((watch) =>
      watch.rules.map((rule) => ({ watch: watch.path, ...rule })),
    );
    // Drop-folder settings apply where no rule matches, so they belong in the answer too.
    const watches = config.watch.map((w) => ({
      path: w.path,
      profile: w.profile,
      priority: w.priority,
      output: w.output,
      source_action: w.source_action,
      rules: w.rules.length,
    }));
    return c.json({ rules, watches });
  });

  r.get('/profiles', (c) => {
    const registry = createProfileRegistry(current().profiles);
    // `support`: whether the ffmpeg in use can run the profile, and why not (null when the server cannot tell).
    return c.json({
      profiles: registry
        .all()
        .map((p) => ({ ...p, builtin: registry.isBuiltin(p.name), support: support?.(p) ?? null })),
    });
  });

  return r;
}
