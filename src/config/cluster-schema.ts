import * as v from 'valibot';

/** `cluster:` — encode on several machines through BullMQ on Redis (Node only). */
export const ClusterSchema = v.strictObject({
  redis: v.pipe(
    v.string(),
    v.regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379'),
  ),
  /** This machine encodes too, as the worker named `local` (default true). */
  local_worker: v.optional(v.boolean()),
});

export interface ClusterConfig {
  redis: string;
  local_worker: boolean;
}

/** BullMQ does not support Deno: on Deno, a `cluster` section is an error rather than silently ignored. */
export const CLUSTER_NEEDS_NODE =
  'cluster mode needs Node: BullMQ (the queue that carries encodes to workers) does not support Deno; start bvp with Node or remove "cluster"';
