/**
 * Smoke journey (issue #3): the app starts, lists the sandbox connection,
 * shows About from `app:info`, turns an IPC error into a sentence, and
 * renders in the dark theme. Runs in both projects; screenshots go to
 * `e2e/artifacts/<project>-<step>.png`.
 */
import { expect, test } from './fixtures';
import { callFromPage, callFromPageUnhandled } from './pages/thaw-api';

/** The sentence the renderer's table gives InvalidInput; spelled out because it is what the user reads. */
const INVALID_INPUT_SENTENCE = 'Thaw refused a request because its input was not valid.';

/** The computed background of <body>, evaluated in the page. */
function bodyBackground(): string {
  const g = globalThis as unknown as { document: { body: unknown }; getComputedStyle(el: unknown): { backgroundColor: string } };
  return g.getComputedStyle(g.document.body).backgroundColor;
}

/** Sum of the RGB channels of a CSS `rgb()` colour: under 240 is dark, over 600 is light. */
function brightness(color: string): number {
  return (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number).reduce((a, b) => a + b, 0);
}

test('starts, lists the sandbox, shows About, explains an IPC error, and renders dark', async ({ app, page, ipc, thaw }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'light' });

  await test.step('reaches ready and shows the sandbox from connections:list', async () => {
    await app.open();
    await expect(app.connection('Local sandbox')).toBeVisible();
    await expect(app.connection('Local sandbox')).toHaveAttribute('aria-selected', 'true');
    await expect(app.content.getByRole('heading', { name: 'Local sandbox' })).toBeVisible();
    await expect(app.statusBar).toContainText('Local sandbox');
    if (thaw.runtime === 'chromium') {
      const list = ipc.find((r) => r.kind === 'call' && r.channel === 'connections:list');
      expect(list?.kind === 'call' && list.result.ok && (list.result.data as Array<{ name: string }>).map((c) => c.name)).toContain('Local sandbox');
    }
    await app.screenshot('ready-light', testInfo);
  });

  await test.step('About shows the version from app:info', async () => {
    const info = await callFromPage<{ version: string }>(page, 'app', 'info');
    expect(info.ok).toBe(true);
    const version = info.ok ? info.data.version : '';
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    const about = await app.openAbout();
    await expect(about).toContainText(version);
    await app.screenshot('about', testInfo);
    await app.closeAbout();
  });

  await test.step('an IPC error from a real channel becomes a toast sentence', async () => {
    const bad = await callFromPage(page, 'connections', 'list', { bogus: true });
    expect(bad).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    await callFromPageUnhandled(page, 'connections', 'list', { bogus: true });
    const toast = app.toast(INVALID_INPUT_SENTENCE);
    await expect(toast).toBeVisible();
    await expect(toast).toHaveAttribute('role', 'alert');
    await expect(toast).toContainText('bogus');
    await app.screenshot('error-toast', testInfo);
    await toast.getByRole('button', { name: 'Dismiss notification' }).click();
    await expect(toast).toHaveCount(0);
  });

  await test.step('follows a dark OS theme, and the theme switch overrides it', async () => {
    const background = () => page.evaluate(bodyBackground);
    expect(brightness(await background())).toBeGreaterThan(600);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(async () => brightness(await background())).toBeLessThan(240);
    await app.jobs.getByRole('button', { name: /Jobs/ }).click();
    await expect(app.jobs.getByText('No jobs yet')).toBeVisible();
    await app.screenshot('dark', testInfo);

    await app.setTheme('light');
    await expect.poll(async () => brightness(await background())).toBeGreaterThan(600);
    await app.setTheme('system');
    await expect.poll(async () => brightness(await background())).toBeLessThan(240);
  });
});
