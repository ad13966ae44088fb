import { describe, expect, it } from 'vitest';
import { redactConfig } from '../../src/config/redact.ts';
import { validateConfigText } from '../../src/config/validate-text.ts';

const base = 'watch:\n  - path: ./in\n    profile: live-qlab\n';

describe('webhooks in the config', () => {
  it('accepts url, event types and globs, and a secret; the secret is redacted in views', () => {
    const result = validateConfigText(
      `${base}webhooks:\n  - url: https://hooks.example.org/bvp\n    events: [job.completed, "queue.*"]\n    secret: 0123456789abcdef0123\n`,
      { file: '/show/bvp.yaml' },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.webhooks).toEqual([
      {
        url: 'https://hooks.example.org/bvp',
        events: ['job.completed', 'queue.*'],
        secret: '0123456789abcdef0123',
      },
    ]);
    expect(redactConfig(result.config).webhooks?.[0]?.secret).toBe('***');
  });

  it('names the path of each bad field and suggests the event name that was meant', () => {
    const result = validateConfigText(
      `${base}webhooks:\n  - url: not a url\n    events: [job.complete, jobs.*]\n    secret: short\n`,
      { file: '/show/bvp.yaml' },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.issues.map((i) => [i.path, i.message]));
    expect(result.issues).toHaveLength(4);
    expect(byPath['webhooks[0].url']).toMatch(/must be an http:\/\/ or https:\/\/ URL/);
    expect(byPath['webhooks[0].events[0]']).toMatch(
      /unknown event "job\.complete"; did you mean "job\.completed"\?/,
    );
    expect(byPath['webhooks[0].events[1]']).toMatch(/unknown event "jobs\.\*"/);
    expect(byPath['webhooks[0].secret']).toMatch(/at least 16 characters/);
  });
});
