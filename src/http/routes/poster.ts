import { Hono } from 'hono';
import * as v from 'valibot';
import type { ServiceApi } from '../../service/types.ts';
import { query } from '../validate.ts';

/** Posters change only with their source identity, which a job never changes; the ETag still guards a re-made one. */
const POSTER_CACHE_CONTROL = 'private, max-age=86400';

export const LogQuerySchema = v.object({
  lines: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,4}$/, 'lines must be a whole number from 1 to 1000'),
      v.transform(Number),
      v.number(),
      v.minValue(1, 'lines must be at least 1'),
      v.maxValue(1000, 'lines must be at most 1000'),
    ),
  ),
});

/** True when the If-None-Match header lists the ETag (or `*`); weak comparison, as RFC 9110 asks for GET. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}

/** A job's poster image (with ETag revalidation) and its ffmpeg log tail. */
export function createPosterRoutes(deps: { service: ServiceApi }): Hono {
  const { service } = deps;
  const r = new Hono();

  r.get('/jobs/:id/poster', async (c) => {
    const poster = await service.poster(c.req.param('id'));
    const headers = { ETag: poster.etag, 'Cache-Control': POSTER_CACHE_CONTROL };
    if (matchesEtag(c.req.header('if-none-match'), poster.etag)) return c.body(null, 304, headers);
    return c.body(new Uint8Array(poster.bytes), 200, { ...headers, 'Content-Type': poster.contentType });
  });

  r.get('/jobs/:id/log', query(LogQuerySchema), (c) =>
    c.json(service.jobLog(c.req.param('id'), c.req.valid('query').lines ?? 50)),
  );

  return r;
}
