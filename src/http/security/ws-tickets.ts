/** A single-use WebSocket ticket: browsers cannot set an Authorization header on a WebSocket. */
export interface WsTicket {
  ticket: string;
  expiresAt: number;
}

export interface TicketStore {
  issue(): WsTicket;
  /** True once per valid, unexpired ticket; the ticket is spent either way. */
  consume(ticket: string): boolean;
}

const MAX_OUTSTANDING = 1000;

function randomTicket(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createTicketStore(options: { ttlMs?: number; now?: () => number } = {}): TicketStore {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const tickets = new Map<string, number>();

  function prune(at: number): void {
    for (const [ticket, expiresAt] of tickets) if (expiresAt <= at) tickets.delete(ticket);
    // Bounded even if a client requests tickets in a loop and never uses them.
    while (tickets.size >= MAX_OUTSTANDING) {
      const oldest = tickets.keys().next().value;
      if (oldest === undefined) break;
      tickets.delete(oldest);
    }
  }

  return {
    issue() {
      const at = now();
      prune(at);
      const ticket = randomTicket();
      const expiresAt = at + ttlMs;
      tickets.set(ticket, expiresAt);
      return { ticket, expiresAt };
    },
    consume(ticket) {
      const expiresAt = tickets.get(ticket);
      if (expiresAt === undefined) return false;
      tickets.delete(ticket);
      return expiresAt > now();
    },
  };
}
