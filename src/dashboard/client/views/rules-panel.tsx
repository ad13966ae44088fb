import { useSignal, useSignalEffect } from '@preact/signals';
import { Fragment } from 'preact';
import { useDashboard } from '../dashboard.ts';

interface Rule {
  watch: string;
  name: string;
  pattern: string;
  pattern_type: string;
  profile: string | null;
  priority: number;
  output_pattern?: string | null;
}

interface RulesAnswer {
  rules: Rule[];
  watches: Array<{ path: string; profile: string | null; priority: number; output: string; rules: number }>;
}

interface RuleTest {
  path: string;
  queued: boolean;
  reason: string | null;
  watch: { index: number; path: string } | null;
  rule: { name: string; pattern: string; pattern_type: string; priority: number } | null;
  profile: string | null;
  outputPath: string | null;
  sourceAction: string | null;
  warnings: string[];
}

/** Every rule as the running config has it, and "test a path": which rule and which output a file would get. */
export function RulesPanel() {
  const { api, live, act } = useDashboard();
  const rules = useSignal<RulesAnswer | null>(null);
  const path = useSignal('');
  const result = useSignal<RuleTest | null>(null);
  useSignalEffect(() => {
    void live.revision.value;
    void live.status.value;
    api.call<RulesAnswer>('GET', '/rules').then(
      (r) => (rules.value = r),
      () => {},
    );
  });
  const test = async (event: Event) => {
    event.preventDefault();
    if (!path.value.trim()) return;
    result.value = await act('Tested the path', () =>
      api.call<RuleTest>('POST', '/rules/test', { path: path.value.trim() }),
    );
  };
  const r = result.value;
  return (
    <div class="panel">
      <h3>Rules</h3>
      <table class="data" data-testid="rules-table">
        <thead>
          <tr>
            <th scope="col">watch folder</th>
            <th scope="col">rule</th>
            <th scope="col">pattern</th>
            <th scope="col">profile</th>
            <th scope="col">priority</th>
          </tr>
        </thead>
        <tbody>
          {(rules.value?.rules ?? []).map((rule, i) => (
            <tr key={i} data-testid="rule-row">
              <td>{rule.watch}</td>
              <td>{rule.name}</td>
              <td>
                <code>{rule.pattern}</code> ({rule.pattern_type})
              </td>
              <td>{rule.profile ?? '—'}</td>
              <td>{rule.priority}</td>
            </tr>
          ))}
          {(rules.value?.watches ?? []).map((w) => (
            <tr key={`w:${w.path}`} data-testid="rule-row">
              <td>{w.path}</td>
              <td>
                <em>no rule matched</em>
              </td>
              <td>—</td>
              <td>{w.profile ?? 'ignored'}</td>
              <td>{w.priority}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="toolbar" onSubmit={test}>
        <label class="inline">
          Test a path
          <input
            type="text"
            size={48}
            data-testid="rule-test-input"
            placeholder="show/intro.mov (inside the first watch folder) or an absolute path"
            value={path.value}
            onInput={(e) => (path.value = (e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" data-testid="btn-rule-test">
          Test
        </button>
      </form>
      {r && (
        <dl class="fields" data-testid="rule-test-result">
          <dt>file</dt>
          <dd>{r.path}</dd>
          <dt>result</dt>
          <dd class={r.queued ? 'ok-text' : 'bad-text'}>
            {r.queued ? 'would be queued' : `not queued: ${r.reason}`}
          </dd>
          {r.watch && (
            <>
              <dt>watch</dt>
              <dd>{r.watch.path}</dd>
            </>
          )}
          {r.profile && (
            <>
              <dt>rule</dt>
              <dd>
                {r.rule
                  ? `${r.rule.name} (${r.rule.pattern_type} "${r.rule.pattern}")`
                  : "the watch folder's profile"}
              </dd>
              <dt>profile</dt>
              <dd>{r.profile}</dd>
              <dt>output</dt>
              <dd data-testid="rule-test-output">{r.outputPath}</dd>
              <dt>source</dt>
              <dd>{r.sourceAction}</dd>
            </>
          )}
          {r.warnings.map((w, i) => (
            <Fragment key={i}>
              <dt>warning</dt>
              <dd>{w}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </div>
  );
}
