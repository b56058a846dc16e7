import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startServe, type Served } from './support/serve';
import { InstallPage, NodesPage, PlanPage, toasts } from './support/screensPage';
import { ShellPage } from './support/shellPage';

let served: Served;
test.beforeEach(async () => {
  served = await startServe();
});
test.afterEach(async () => {
  await served.stop();
});
test.use({ viewport: { width: 1440, height: 1000 } });

test('the plan is checked as it is typed, previews its kubeadm config and saves', async ({
  page,
}) => {
  const shell = new ShellPage(page);
  const plan = new PlanPage(page);
  await shell.open(served.url);
  // The back end checks the advertise address against the control-plane node: add it first.
  await new NodesPage(page).addNode({
    name: 'master1',
    address: '192.168.100.111',
    role: 'control-plane',
  });
  await shell.nav('plan').click();
  await expect(plan.field('podCidr')).toBeVisible();

  await plan.useGuide.click();
  await expect(plan.status).toHaveText('The plan is valid.');
  await expect(plan.config).toContainText('podSubnet: 10.10.0.0/16');
  await expect(plan.config).toContainText('k8stest.local');

  // A CIDR that is not one, explained under the field and announced as the user types.
  await plan.field('podCidr').fill('10.10.0.0/99');
  await expect(plan.field('podCidr')).toHaveAttribute('aria-invalid', 'true');
  await expect(plan.errorOf(plan.field('podCidr'))).toBeVisible();
  await expect(plan.save).toBeDisabled();
  await plan.field('podCidr').fill('10.10.0.0/16');
  await expect(plan.field('podCidr')).toHaveAttribute('aria-invalid', 'false');

  // Docker with a version after dockershim's removal is refused with the reason.
  await plan.field('kubernetesVersion').fill('1.28.0');
  await expect(plan.errorOf(plan.field('runtime'))).toContainText('dockershim');
  await plan.field('runtime').selectOption('containerd');
  await expect(plan.status).toHaveText('The plan is valid.');
  // A version past the catalog is valid with a warning; the preview has no catalog image list
  // and says where the packages and images come from at install.
  await expect(
    page.getByText('1.18 to 1.37 (up to 1.40 with a warning), e.g. 1.18.2.'),
  ).toBeVisible();
  await plan.field('kubernetesVersion').fill('1.38.0');
  await expect(plan.status).toHaveText('The plan is valid.');
  await expect(page.getByTestId('plan-warnings')).toContainText(
    "1.38.0 is newer than kubelab's catalog",
  );
  await expect(page.getByTestId('plan-images-from-node')).toBeVisible();
  await expect(page.getByTestId('plan-package-sources')).toContainText(
    'resolved from https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.38/deb/ at install',
  );
  await page.screenshot({ path: 'test-results/screenshots/plan-past-catalog.png', fullPage: true });
  await plan.field('kubernetesVersion').fill('1.18.2');
  await plan.field('runtime').selectOption('docker');

  await plan.save.click();
  await expect(toasts(page)).toContainText('The plan is saved.');
  await expect(plan.save).toHaveText('Saved');
  await page.screenshot({ path: 'test-results/screenshots/plan-en.png', fullPage: true });

  await shell.language.selectOption('zh-CN');
  await plan.field('serviceCidr').fill('10.20.0.0');
  await expect(plan.errorOf(plan.field('serviceCidr'))).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/plan-zh.png', fullPage: true });
});

test('nodes are added with field-level validation and imported after a dry run', async ({
  page,
}) => {
  const shell = new ShellPage(page);
  const nodes = new NodesPage(page);
  await shell.open(served.url);
  await expect(shell.area('nodes').locator('.empty')).toBeVisible();
  await nodes.add.click();
  await expect(nodes.dialog).toBeVisible();
  await expect(nodes.input('name')).toBeFocused();
  // Saving an empty form names every missing field instead of sending it.
  await nodes.input('save').click();
  await expect(nodes.input('name')).toHaveAttribute('aria-invalid', 'true');
  await expect(nodes.input('address')).toHaveAttribute('aria-invalid', 'true');
  await nodes.input('port').fill('0');
  await expect(nodes.dialog.getByText('Must be at least 1.')).toBeVisible();
  await nodes.input('port').fill('22');
  await nodes.input('name').fill('master1');
  await nodes.input('address').fill('192.168.100.111');
  await nodes.input('auth').selectOption('agent');
  await nodes.input('role').selectOption('control-plane');
  await page.screenshot({ path: 'test-results/screenshots/nodes-dialog-en.png' });
  await nodes.input('save').click();
  await expect(nodes.row('master1')).toContainText('192.168.100.111');

  await page.getByTestId('nodes-import').click();
  const dialog = page.getByTestId('import-dialog');
  await page.getByTestId('import-text').fill('node1: 192.168.100.116\nnode2: 192.168.100.117\n');
  await dialog.getByRole('button', { name: 'Check' }).click();
  await expect(dialog.getByRole('status')).toContainText('node1');
  await expect(nodes.row('node1')).toHaveCount(0);
  await page.getByTestId('import-run').click();
  await expect(nodes.row('node2')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/nodes-en.png' });
  await shell.language.selectOption('zh-CN');
  await expect(shell.nav('nodes')).toHaveText('节点');
  await page.screenshot({ path: 'test-results/screenshots/nodes-zh.png' });
});

test('Show script renders without touching a machine and says what is missing', async ({
  page,
}) => {
  const shell = new ShellPage(page);
  const plan = new PlanPage(page);
  await shell.open(served.url);
  await shell.nav('plan').click();
  await plan.showScript.click();
  const dialog = page.getByTestId('script-dialog');
  await expect(dialog).toBeVisible();
  // No nodes yet: a readable message, not a stack trace.
  await expect(dialog.locator('.field-error, .hint').first()).toBeVisible();
  await expect(dialog).not.toContainText('at ');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('Install and Terminals tell a first-time user what to do; Report shows the real report', async ({
  page,
}) => {
  const shell = new ShellPage(page);
  const install = new InstallPage(page);
  await shell.open(served.url);
  for (const lang of ['en', 'zh'] as const) {
    if (lang === 'zh') await shell.language.selectOption('zh-CN');
    await shell.nav('install').click();
    await expect(install.start).toBeVisible();
    await expect(shell.area('install').locator('.empty')).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/install-${lang}.png` });
    await shell.nav('report').click();
    await expect(shell.area('report')).toBeVisible();
    // The back end's own report, in a sandboxed frame, in the UI's language.
    await expect(page.frameLocator('[data-testid="report-frame"]').locator('h1')).toContainText(
      lang === 'en' ? 'Cluster report' : '集群报告',
    );
    await page.screenshot({ path: `test-results/screenshots/report-${lang}.png` });
    await shell.nav('nodes').click();
    await page.screenshot({ path: `test-results/screenshots/nodes-empty-${lang}.png` });
    await shell.nav('terminals').click();
    await page.screenshot({ path: `test-results/screenshots/terminals-${lang}.png` });
  }
  await shell.nav('install').click();
  // Nothing to install on yet: the button says so instead of starting an empty run.
  await expect(install.start).toBeDisabled();
});

test('Report downloads in the browser: no server path to type, no folder to open', async ({
  page,
}) => {
  const shell = new ShellPage(page);
  await shell.open(served.url);
  await shell.nav('report').click();
  await expect(page.getByTestId('report-path')).toHaveCount(0);
  await expect(page.getByTestId('report-reveal')).toHaveCount(0);
  const html = page.waitForEvent('download');
  await page.getByTestId('report-download').click();
  const got = await html;
  expect(got.suggestedFilename()).toMatch(/^[A-Za-z0-9._-]+-report\.html$/);
  expect(readFileSync(await got.path(), 'utf8')).toMatch(/<html/i);
  await expect(page.getByText(`Report downloaded as ${got.suggestedFilename()}.`)).toBeVisible();
  // In Chinese, as Markdown.
  await shell.language.selectOption('zh-CN');
  await page.locator('.report-export select').selectOption('md');
  const md = page.waitForEvent('download');
  await page.getByTestId('report-download').click();
  const mdFile = await md;
  expect(mdFile.suggestedFilename()).toMatch(/-report\.md$/);
  expect(readFileSync(await mdFile.path(), 'utf8')).toContain('集群报告');
  await page.screenshot({ path: 'test-results/screenshots/report-download-zh.png' });
});
