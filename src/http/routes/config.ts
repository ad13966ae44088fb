import { Hono } from 'hono';
import type { ConfigChange, ConfigControl, ValidateInput } from '../../config/control.ts';
import { type Config, configToFileForm, redactConfig } from '../../config/index.ts';
import { ConfigFileSchema } from '../../config/schema.ts';
import { keysAt } from '../../config/schema-issues.ts';
import type { ProfileSupport } from '../../profiles/capability.ts';
import { createProfileRegistry } from '../../profiles/registry.ts';
import type { Profile } from '../../profiles/schema.ts';
import { apiErrorResponse } from '../error-map.ts';
import { readConfigBody } from '../security/config-body.ts';

const CONFIG_KEYS = new Set(keysAt(ConfigFileSchema, []));

type Listening = () => { host: string; port: number } | null;

const VALIDATE_SHAPES =
  'POST /config/validate takes a config object (whole or partial, in our keys or the original project\'s), {"yaml": "<text>"} or {"document": {…}}';

/**
 * The effective config in the file's own vocabulary (what PUT /config takes back unchanged), token redacted, with
 * the address the server really listens on (`--port` may differ from api.port) as the read-only `listening`.
 */
function configView(config: Config, listening?: Listening) {
  const at = listening?.() ?? null;
  return { ...configToFileForm(redactConfig(config)), ...(at ? { listening: at } : {}) };
}

function validateInput(body: Record<string, unknown>): ValidateInput | Response {
  const keys = Object.keys(body);
  if (keys.length === 1 && keys[0] === 'yaml') {
    if (typeof body.yaml === 'string') return { yaml: body.yaml };
  } else if (keys.length === 1 && keys[0] === 'document') {
    const doc = body.document;
    if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
      return { document: doc as Record<string, unknown> };
    }
  } else if (keys.some((key) => CONFIG_KEYS.has(key))) {
    return { config: body };
  }
  return apiErrorResponse('request.invalid', VALIDATE_SHAPES, {
    issues: [{ path: keys[0] ?? '', message: VALIDATE_SHAPES }],
  });
}

/** GET/PUT/PATCH /config, POST /config/validate, and the rules and profiles the running config defines. */
export function createConfigRoutes(
  control: ConfigControl | undefined,
  current: ConfigControl['current'],
  listening?: Listening,
  support?: (profile: Profile) => ProfileSupport,
): Hono {
  const r = new Hono();
  const editable = () =>
    control ??
    apiErrorResponse('feature.unavailable', 'This server was started without a config file to edit');
  const view = (change: ConfigChange) => ({
    config: configView(change.config, listening),
    restartRequired: change.restartRequired,
  });

  r.get('/config', (c) => c.json(configView(current(), listening)));

  r.put('/config', async (c) => {
    const target = editable();
    if (target instanceof Response) return target;
    const body = await readConfigBody(c, 'PUT /config takes the whole config as a JSON object');
    if (body instanceof Response) return body;
    return c.json(view(await target.replace(body)));
  });

  r.patch('/config', async (c) => {
    const target = editable();
    if (target instanceof Response) return target;
    const body = await readConfigBody(c, 'PATCH /config takes a JSON object of the keys to change');
    if (body instanceof Response) return body;
    return c.json(view(await target.patch(body)));
  });

  r.post('/config/validate', async (c) => {
    const target = editable();
    if (target instanceof Response) return target;
    const body = await readConfigBody(c, VALIDATE_SHAPES);
    if (body instanceof Response) return body;
    const input = validateInput(body);
    if (input instanceof Response) return input;
    return c.json(await target.validate(input));
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
