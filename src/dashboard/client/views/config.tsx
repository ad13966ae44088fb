import { ConfigEditor } from './config-editor.tsx';
import { ProfilesPanel } from './profiles-panel.tsx';
import { RulesPanel } from './rules-panel.tsx';

/** The config file (edit, validate, apply), the rules with "test a path", and every profile's settings. */
export function ConfigView() {
  return (
    <section class="view" aria-labelledby="config-title">
      <h2 id="config-title">Config</h2>
      <ConfigEditor />
      <RulesPanel />
      <ProfilesPanel />
    </section>
  );
}
