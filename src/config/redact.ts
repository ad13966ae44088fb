import type { Config } from './types.ts';

/** A copy safe to show in `config show`, `GET /config` and logs: the API token becomes "***". */
export function redactConfig(config: Config): Config {
  return {
    ...config,
    api: { ...config.api, token: config.api.token === null ? null : '***' },
    ...(config.webhooks ? { webhooks: config.webhooks.map((hook) => ({ ...hook, secret: '***' })) } : {}),
    // A Redis password sits in the URL.
    ...(config.cluster
      ? {
          cluster: {
            ...config.cluster,
            redis: config.cluster.redis.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@'),
          },
        }
      : {}),
  };
}
