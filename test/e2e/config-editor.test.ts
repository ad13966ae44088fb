import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { byTestId, openView, waitLive } from './helpers/dashboard.ts';
import { useBrowser } from './helpers/page.ts';
import { type E2eServer, startE2eServer } from './helpers/server.ts';
import { describeBrowser } from './helpers/suite.ts';

const RULE = `    rules:
      - name: trailers
        pattern: "*trailer*"
        profile: live-h264
`;

describeBrowser('dashboard: the config editor', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer();
  });
  afterAll(() => server?.cleanup());
  const openPage = useBrowser(() => server.url());

  const editorPage = async () => {
    const { page } = await openPage();
    await waitLive(page);
    await openView(page, 'config');
    const editor = byTestId(page, 'config-editor');
    await page.waitForFunction(() =>
      document.querySelector<HTMLTextAreaElement>('[data-testid="config-editor"]')?.value.includes('watch:'),
    );
    return { page, editor };
  };

  it('an invalid edit shows the error with its line and path, and changes nothing', async () => {
    const before = await readFile(server.configFile);
    const { page, editor } = await editorPage();
    const text = await editor.inputValue();
    expect(text).toBe(before.toString('utf8'));
    const line = text.split('\n').findIndex((l) => l.startsWith('concurrency:')) + 1;
    await editor.fill(text.replace('concurrency: 1', 'concurrency: many'));

    await byTestId(page, 'btn-validate').click();
    const issue = byTestId(page, 'config-issue').first();
    await issue.waitFor();
    await expect(issue.getAttribute('data-line')).resolves.toBe(String(line));
    const said = (await issue.textContent()) ?? '';
    expect(said).toContain(`line ${line}`);
    expect(said).toContain('concurrency');
    // Clicking the issue puts the cursor on its line.
    await issue.click();
    const cursorLine = await editor.evaluate(
      (el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n').length,
    );
    expect(cursorLine).toBe(line);

    await byTestId(page, 'btn-apply').click();
    await page.locator('[data-testid="config-message"]', { hasText: 'Nothing was changed' }).waitFor();
    await expect(byTestId(page, 'config-issue').first().textContent()).resolves.toContain('concurrency');
    expect((await readFile(server.configFile)).equals(before)).toBe(true);
    expect(server.app().config().concurrency).toBe(1);
  }, 120_000);

  it('a valid edit applies: the file keeps its comments and the page shows the new rule', async () => {
    const { page, editor } = await editorPage();
    const text = await editor.inputValue();
    await editor.fill(text.replace('    stable_seconds: 0.5\n', `    stable_seconds: 0.5\n${RULE}`));
    await byTestId(page, 'btn-apply').click();
    await page.locator('[data-testid="config-message"]', { hasText: 'Applied' }).waitFor();

    const saved = await readFile(server.configFile, 'utf8');
    expect(saved).toContain('# Bulletproof e2e config: this comment must survive');
    expect(saved).toContain('pattern: "*trailer*"');
    const rule = byTestId(page, 'rule-row').filter({ hasText: 'trailers' });
    await rule.waitFor();
    await expect(rule.textContent()).resolves.toContain('live-h264');

    // And the service uses it: "test a path" says which rule and profile a file would get.
    await byTestId(page, 'rule-test-input').fill(`${server.watchDir}/opening-trailer.mov`);
    await byTestId(page, 'btn-rule-test').click();
    const result = byTestId(page, 'rule-test-result');
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain('live-h264');
  }, 120_000);
});
