import { formatTime } from '../format.ts';
import { valueText } from './inspector-graph.ts';
import type { InspectEntry } from './inspector-stream.ts';

interface EventsProps {
  entries: readonly InspectEntry[];
  /** The seq of the step being looked at, or null for "now". */
  selected: number | null;
  onSelect(seq: number | null): void;
}

/**
 * The actor's recent steps, newest first: each names the event and the state it led to; choosing one shows the
 * chart as it was then and the event's payload (paths redacted by the server).
 */
export function InspectorEvents({ entries, selected, onSelect }: EventsProps) {
  const chosen = selected === null ? null : (entries.find((e) => e.seq === selected) ?? null);
  const newestFirst = [...entries].reverse();
  return (
    <section class="inspector-events" aria-label="Recent events">
      <div class="toolbar">
        <h3>Events</h3>
        <button
          type="button"
          data-testid="inspector-live"
          aria-pressed={selected === null}
          disabled={selected === null}
          onClick={() => onSelect(null)}
        >
          Back to live
        </button>
      </div>
      {entries.length === 0 ? (
        <p class="muted" data-testid="inspector-no-events">
          No events since this view opened. They appear as the actor moves.
        </p>
      ) : (
        <ol class="event-list" data-testid="inspector-events">
          {newestFirst.map((entry) => (
            <li key={entry.seq}>
              <button
                type="button"
                data-testid="inspector-event"
                data-seq={entry.seq}
                data-event-type={entry.eventType}
                aria-pressed={entry.seq === selected}
                onClick={() => onSelect(entry.seq === selected ? null : entry.seq)}
              >
                <span class="event-time">{formatTime(entry.at)}</span>
                <span class="event-type">
                  {entry.eventType}
                  {entry.repeats > 1 ? ` ×${entry.repeats}` : ''}
                </span>
                <span class="event-value">→ {valueText(entry.value)}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {chosen && (
        <div class="event-payload">
          <h4>
            {chosen.eventType} at {formatTime(chosen.at)} → {valueText(chosen.value)}
          </h4>
          <pre data-testid="inspector-payload">{JSON.stringify(chosen.event, null, 2)}</pre>
          <details>
            <summary>Context after this event</summary>
            <pre data-testid="inspector-context">{JSON.stringify(chosen.context, null, 2)}</pre>
          </details>
        </div>
      )}
    </section>
  );
}
