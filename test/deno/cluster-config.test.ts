/**
 * Deno smoke test of cluster mode's one Deno behaviour: BullMQ does not support Deno, so a `cluster` section is a
 * config error that says so (on Node the same file is valid).
 */
import { configFromText } from '../../src/config/load.ts';

Deno.test('a cluster section is a config error on Deno, saying BullMQ needs Node', () => {
  let message = '';
  try {
    configFromText(
      'watch:\n  - path: ./watch\n    profile: live-qlab\ncluster:\n  redis: redis://127.0.0.1:6379\n',
      '/tmp/bvp-deno.yaml',
    );
  } catch (error) {
    message =
      error instanceof Error
        ? `${error.message} ${JSON.stringify((error as { details?: unknown }).details)}`
        : '';
  }
  if (!/cluster mode needs Node: BullMQ .* does not support Deno/.test(message)) {
    throw new Error(`expected the cluster error, got: ${message || 'no error'}`);
  }
});
