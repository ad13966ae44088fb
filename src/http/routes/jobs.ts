import { Hono } from 'hono';
import { apiErrorResponse } from '../error-map.ts';
import { MoveBodySchema, PriorityBodySchema, RetryQuerySchema, SubmitBodySchema } from '../schemas.ts';
import { planSubmission } from '../submit-policy.ts';
import { jsonBody, query } from '../validate.ts';
import { jobLocation, type RouteDeps } from './route-deps.ts';

/** Jobs: detail, submission by path, per-job actions. Refusals come from the service as BvpErrors (404/409). */
export function createJobRoutes(deps: RouteDeps): Hono {
  const { service } = deps;
  const r = new Hono();

  r.get('/jobs/:id', (c) => c.json(service.getJob(c.req.param('id'))));

  r.post('/jobs', jsonBody(SubmitBodySchema), async (c) => {
    const plan = await planSubmission(deps.config(), c.req.valid('json'), deps.now());
    if (!plan.ok) {
      return apiErrorResponse(plan.code, plan.message, {
        issues: [{ path: plan.field, message: plan.message }],
      });
    }
    const job = await service.submit(plan.request);
    return c.json(job, 201, { Location: jobLocation(job.id) });
  });

  r.post('/jobs/:id/cancel', (c) => c.json(service.cancelJob(c.req.param('id'))));
  r.post('/jobs/:id/pause', (c) => c.json(service.pauseJob(c.req.param('id'))));
  r.post('/jobs/:id/resume', (c) => c.json(service.resumeJob(c.req.param('id'))));
  r.post('/jobs/:id/retry', query(RetryQuerySchema), (c) => {
    const rerun = c.req.valid('query').rerun === 'true';
    return c.json(service.retryJob(c.req.param('id'), { rerun }));
  });

  r.patch('/jobs/:id', jsonBody(PriorityBodySchema), (c) =>
    c.json(service.setPriority(c.req.param('id'), c.req.valid('json').priority)),
  );

  r.post('/jobs/:id/move', jsonBody(MoveBodySchema), (c) =>
    c.json(service.moveJob(c.req.param('id'), c.req.valid('json'))),
  );

  return r;
}
