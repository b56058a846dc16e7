import { expect, test } from '@playwright/test';
import { AREAS, ShellPage } from './support/shellPage';
import { startServe, type Served } from './support/serve';

let served: Served;
test.beforeEach(async () => {
  served = await startServe();
});
test.afterEach(async () => {
  await served.stop();
});

test('the app loads and says which face is running', async ({ page }) => {
  const shell = new ShellPage(page);
  await shell.open(served.url);
  await expect(shell.appInfo).toContainText('Browser');
  await expect(shell.appInfo).toContainText('0.1.0');
});

test('every area is reachable by click and by Alt+number', async ({ page }) => {
  const shell = new ShellPage(page);
  await shell.open(served.url);
  for (const area of AREAS) {
    await shell.nav(area).click();
    await expect(shell.area(area)).toBeVisible();
    await expect(shell.nav(area)).toHaveAttribute('aria-current', 'page');
  }
  await page.keyboard.press('Alt+3');
  await expect(shell.area('install')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/shell-en.png' });
});

test('switching to 简体中文 changes the visible text', async ({ page }) => {
  const shell = new ShellPage(page);
  await shell.open(served.url);
  await expect(shell.nav('nodes')).toHaveText('Nodes');
  await shell.language.selectOption('zh-CN');
  await expect(shell.nav('nodes')).toHaveText('节点');
  await expect(shell.nav('report')).toHaveText('报告');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.screenshot({ path: 'test-results/screenshots/shell-zh.png' });
});

test('a setting survives a page reload and a server restart', async ({ page }) => {
  const shell = new ShellPage(page);
  await shell.open(served.url);
  await shell.theme.selectOption('dark');
  await shell.language.selectOption('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(shell.theme).toHaveValue('dark');
  await expect(shell.nav('plan')).toHaveText('规划');

  await served.stop();
  served = await startServe(served.configDir);
  await shell.open(served.url);
  await expect(shell.theme).toHaveValue('dark');
  await expect(shell.language).toHaveValue('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('the page without the token is refused', async ({ request }) => {
  const response = await request.get(`${served.origin}/`);
  expect(response.status()).toBe(401);
  expect(await response.text()).toContain('needs the token');
});

test('a WebSocket without the token, or from a foreign Origin, is refused', async ({ page }) => {
  const shell = new ShellPage(page);
  await shell.open(served.url);
  // From the app's own origin, with and without the token (the cookie is HttpOnly, so strip it).
  await page.context().clearCookies();
  const outcome = await page.evaluate(async (token) => {
    const attempt = (query: string): Promise<string> =>
      new Promise((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/ws${query}`);
        ws.onopen = () => {
          ws.close();
          resolve('open');
        };
        ws.onerror = () => resolve('refused');
      });
    return {
      without: await attempt(''),
      wrong: await attempt('?token=nope'),
      right: await attempt(`?token=${token}`),
    };
  }, served.token);
  expect(outcome).toEqual({ without: 'refused', wrong: 'refused', right: 'open' });

  // From another site: a page on a different origin that knows the token still cannot connect.
  const foreign = await page.context().newPage();
  await foreign.route('http://foreign.test/', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<html><body>foreign</body></html>' }),
  );
  await foreign.goto('http://foreign.test/');
  const fromForeign = await foreign.evaluate(
    ({ host, token }) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${host}/ws?token=${token}`);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
    { host: new URL(served.origin).host, token: served.token },
  );
  expect(fromForeign).toBe('refused');
});
