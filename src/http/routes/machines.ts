import { Hono } from 'hono';
import type { MachineDefinition } from '../../inspect/definitions.ts';
import { toMermaid } from '../../inspect/mermaid.ts';
import { apiErrorResponse } from '../error-map.ts';

export interface MachineRoutesDeps {
  list(): MachineDefinition[];
  get(name: string): MachineDefinition | undefined;
}

/** The state machines the service runs, as XState JSON (for the inspector) and as Mermaid (for documents). */
export function createMachineRoutes(machines: MachineRoutesDeps): Hono {
  const r = new Hono();
  const unknown = (name: string) =>
    apiErrorResponse(
      'route.not_found',
      `No machine "${name}" (known: ${machines
        .list()
        .map((m) => m.name)
        .join(', ')})`,
    );
  r.get('/machines', (c) => c.json({ machines: machines.list() }));
  r.get('/machines/:name', (c) => {
    const found = machines.get(c.req.param('name'));
    return found ? c.json(found) : unknown(c.req.param('name'));
  });
  r.get('/machines/:name/mermaid', (c) => {
    const found = machines.get(c.req.param('name'));
    if (!found) return unknown(c.req.param('name'));
    c.header('etag', `"${found.hash}"`);
    return c.text(toMermaid(found.definition));
  });
  return r;
}
