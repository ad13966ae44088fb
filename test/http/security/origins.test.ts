import { describe, expect, it } from 'vitest';
import { matchOrigin, websocketOriginAllowed } from '../../../src/http/security/origins.ts';

describe('origins', () => {
  it('echoes listed origins only', () => {
    expect(matchOrigin('http://desk.local', ['http://desk.local'], false)).toBe('http://desk.local');
    expect(matchOrigin('http://evil.example', ['http://desk.local'], true)).toBeNull();
  });

  it('honours a wildcard only while a token is set', () => {
    expect(matchOrigin('http://evil.example', ['*'], false)).toBeNull();
    expect(matchOrigin('http://evil.example', ['*'], true)).toBe('*');
  });

  it('lets non-browser clients (no Origin), same-origin pages and listed origins open the stream', () => {
    expect(websocketOriginAllowed(undefined, '127.0.0.1:8080', [], false)).toBe(true);
    expect(websocketOriginAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', [], false)).toBe(true);
    expect(websocketOriginAllowed('http://desk.local', '127.0.0.1:8080', ['http://desk.local'], false)).toBe(
      true,
    );
    expect(websocketOriginAllowed('http://evil.example', '127.0.0.1:8080', [], false)).toBe(false);
    expect(websocketOriginAllowed('null', '127.0.0.1:8080', [], false)).toBe(false);
  });
});
