import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { useDashboard } from '../dashboard.ts';

interface Issue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** The offset of (line, column), both 1-based, in `text`. */
function offsetOf(text: string, line: number, column = 1): number {
  let offset = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

function issuesOf(error: unknown): Issue[] | null {
  if (!(error instanceof ApiError)) return null;
  const details = error.details as { issues?: Issue[] } | null;
  return details?.issues ?? null;
}

/**
 * The config file as text. Validate lists every issue with its line and document path (clicking one puts the cursor
 * there); Apply validates again on the server and changes nothing unless the whole file is valid.
 */
export function ConfigEditor() {
  const { api, act } = useDashboard();
  const text = useSignal('');
  const loaded = useSignal<'loading' | 'ok' | 'unavailable'>('loading');
  const issues = useSignal<Issue[] | null>(null);
  const message = useSignal<string | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    api.call<{ yaml: string }>('GET', '/config/text').then(
      (r) => {
        text.value = r.yaml;
        loaded.value = 'ok';
      },
      () => {
        loaded.value = 'unavailable';
      },
    );
  }, []);

  const goTo = (issue: Issue) => {
    const el = editor.current;
    if (!el || !issue.line) return;
    const at = offsetOf(el.value, issue.line, issue.column);
    el.focus();
    el.setSelectionRange(at, at);
    // Scroll the line into view: line height × (line - a few lines of context).
    const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight) || 18;
    el.scrollTop = Math.max(0, (issue.line - 4) * lineHeight);
  };

  const validate = async () => {
    message.value = null;
    const result = await act('Validated', () =>
      api.call<{ valid: boolean; issues: Issue[] }>('POST', '/config/text/validate', { yaml: text.value }),
    );
    if (!result) return;
    issues.value = result.issues;
    message.value = result.valid ? 'The config is valid.' : null;
  };

  const apply = async () => {
    message.value = null;
    try {
      const result = await api.call<{ restartRequired: string[] }>('PUT', '/config/text', {
        yaml: text.value,
      });
      issues.value = [];
      message.value =
        result.restartRequired.length > 0
          ? `Applied. Restart the service for: ${result.restartRequired.join(', ')}.`
          : 'Applied: the service runs with this config now.';
    } catch (error) {
      issues.value = issuesOf(error) ?? [{ path: '', message: (error as Error).message }];
      message.value = 'Nothing was changed.';
    }
  };

  if (loaded.value === 'unavailable') {
    return (
      <div class="panel">
        <h3>Config file</h3>
        <p class="muted">This server was started without a config file to edit.</p>
      </div>
    );
  }
  return (
    <div class="panel config-editor">
      <h3>
        <label for="config-editor">Config file (YAML)</label>
      </h3>
      <textarea
        id="config-editor"
        ref={editor}
        class="editor"
        spellcheck={false}
        data-testid="config-editor"
        value={text.value}
        onInput={(e) => {
          text.value = (e.target as HTMLTextAreaElement).value;
        }}
      />
      <div class="toolbar">
        <button type="button" data-testid="btn-validate" onClick={validate}>
          Validate
        </button>
        <button type="button" data-testid="btn-apply" onClick={apply}>
          Apply
        </button>
        {message.value && (
          <span
            class={issues.value && issues.value.length > 0 ? 'bad-text' : 'ok-text'}
            data-testid="config-message"
            role="status"
          >
            {message.value}
          </span>
        )}
      </div>
      {issues.value && issues.value.length > 0 && (
        <ul class="issues" aria-label="Config issues">
          {issues.value.map((issue, i) => (
            <li key={i}>
              <button
                type="button"
                data-testid="config-issue"
                data-line={issue.line}
                onClick={() => goTo(issue)}
              >
                {issue.line ? `line ${issue.line}` : 'file'}
                {issue.path ? ` · ${issue.path}` : ''}: {issue.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
