import { describe, expect, it } from 'vitest';
import { createTicketStore } from '../../../src/http/security/ws-tickets.ts';

describe('WebSocket tickets', () => {
  it('are single-use', () => {
    const store = createTicketStore();
    const { ticket } = store.issue();
    expect(store.consume(ticket)).toBe(true);
    expect(store.consume(ticket)).toBe(false);
  });

  it('expire after their lifetime', () => {
    let now = 1000;
    const store = createTicketStore({ ttlMs: 30_000, now: () => now });
    const { ticket, expiresAt } = store.issue();
    expect(expiresAt).toBe(31_000);
    now = 31_001;
    expect(store.consume(ticket)).toBe(false);
  });

  it('refuse made-up tickets and stay bounded', () => {
    const store = createTicketStore();
    expect(store.consume('nope')).toBe(false);
    const first = store.issue().ticket;
    for (let i = 0; i < 1500; i++) store.issue();
    expect(store.consume(first)).toBe(false);
  });
});
