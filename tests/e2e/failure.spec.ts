import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { isRootOnLinux, labLeftovers } from './support/demoRun';
import { InstallPage } from './support/screensPage';
import { labCli } from './support/labCli';
import { startServe, type Served } from './support/serve';
import { ShellPage } from './support/shellPage';

/**
 * Issue 18's failure the user can trust, on the real practice lab: scenario `firewall-6443`
 * (master1's iptables drops 6443/tcp, so kubeadm init fails at wait-control-plane). The failure
 * names the root cause with its fix, a reload keeps it, the fix runs from the diagnosis, Retry
 * alone completes the install (preflight's red 6443 link then gone, its result marked stale),
 * then the screen points on and the report downloads. Lab instance
 * 27, KUBELAB_FAILURE_E2E_LAB_INSTANCE overrides it. The preflight gate itself, the diagnosis
 * panel's wording and a reload's details are covered by preflightGate, diagnosis and reload.
 */
const INSTANCE = process.env.KUBELAB_FAILURE_E2E_LAB_INSTANCE ?? '27';
const RUN_TIMEOUT = 240_000;
const lab = labCli(INSTANCE);

const CAUSE = {
  en: 'Port 6443/tcp blocked by the firewall on master1',
  zh: 'master1 上的防火墙阻断了 6443/tcp 端口',
};

let served: Served | undefined;
let labIsUp = false;

test.use({ viewport: { width: 1440, height: 1100 } });

test.beforeAll(() => {
  test.skip(!isRootOnLinux(), 'the practice lab needs Linux and root');
  expect(labLeftovers(INSTANCE), `lab instance ${INSTANCE} must be free`).toEqual([]);
});

test.afterAll(async () => {
  await served?.stop();
  if (!labIsUp) return;
  lab('down');
  await expect.poll(() => labLeftovers(INSTANCE), { timeout: 15_000 }).toEqual([]);
});

test('firewall-6443: the root cause and its fix, a reload keeps it, Retry completes the install', async ({
  page,
}) => {
  // 3.8–4 min measured on a shared 2-core machine under load (the lab install is most of it).
  test.setTimeout(10 * 60_000);
  labIsUp = true;
  lab('up', 'firewall-6443');
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-failure-e2e-'));
  const project = join(dir, 'kubelab.yaml');
  writeFileSync(project, lab('project'));
  served = await startServe(join(dir, 'config'), ['--project', project]);

  const shell = new ShellPage(page);
  const install = new InstallPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();
  await install.start.click();
  // Preflight sees the blocked port first and asks (preflightGate.spec.ts covers the gate).
  await page.getByTestId('preflight-gate-anyway').click({ timeout: RUN_TIMEOUT });

  const init = install.cell('kubeadm-init', 'master1');
  await expect(init).toHaveAttribute('data-status', 'failed', { timeout: RUN_TIMEOUT });
  // Preflight's blocked 6443/tcp is a red link on the topology while the install is failing.
  const redLinks = page.getByTestId('topology').locator('.check-failed');
  await expect(redLinks).not.toHaveCount(0);
  const banner = page.getByTestId('run-failure');
  const cause = page.getByTestId('run-failure-cause-kubeadm-init-master1');
  await expect(cause).toContainText(CAUSE.en, { timeout: 30_000 });
  // One word for one action: the main button retries, as the failed cell does.
  await expect(install.start).toHaveText('Retry');
  await page.screenshot({ path: 'test-results/screenshots/failure-firewall-en.png' });
  await shell.language.selectOption('zh-CN');
  await expect(cause).toContainText(CAUSE.zh);
  await expect(install.start).toHaveText('重试');
  await page.screenshot({ path: 'test-results/screenshots/failure-firewall-zh.png' });
  await shell.language.selectOption('en');

  // A reload mid-failure: the banner, the cause and the init log come back from the back end.
  await page.reload();
  await shell.nav('install').click();
  await expect(init).toHaveAttribute('data-status', 'failed');
  await expect(banner).toBeVisible();
  await expect(cause).toContainText(CAUSE.en);
  await page.getByTestId('run-failure-kubeadm-init-master1').click();
  await expect(install.detail).toContainText('wait-control-plane');

  // The fix from the diagnosis: open 6443/tcp on master1; then Retry alone.
  const panel = page.getByTestId('diagnosis');
  await expect(panel.getByTestId('diagnosis-title')).toHaveText(CAUSE.en);
  await expect(panel.getByTestId('diagnosis-commands')).toContainText('--dport 6443 -j ACCEPT');
  await panel.getByTestId('diagnosis-apply').click();
  await expect(panel.getByTestId('diagnosis-outcome')).toBeVisible({ timeout: 60_000 });
  await panel.getByTestId('diagnosis-retry').click();
  await expect(install.outcome).toHaveText('The install finished.', { timeout: RUN_TIMEOUT });
  await expect(init).toHaveAttribute('data-status', 'ok');
  await expect(install.cell('join-node', 'node1')).toHaveAttribute('data-status', 'ok');
  await expect(banner).toHaveCount(0);
  // That preflight result is older than the successful run: shown as stale, its red link gone.
  await expect(page.getByTestId('checks-superseded')).toContainText(
    'before the run that succeeded',
  );
  await expect(page.getByTestId('checks-rerun')).toBeVisible();
  await expect(redLinks).toHaveCount(0);
  await expect(install.start).toHaveText('Install');

  // After success the screen points on: Verify, Terminals, Report, the kubeconfig.
  const next = page.getByTestId('install-next');
  for (const id of ['verify', 'terminals', 'report', 'kubeconfig']) {
    await expect(next.getByTestId(`install-next-${id}`)).toBeVisible();
  }
  await next.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/failure-retried-en.png' });
  await shell.language.selectOption('zh-CN');
  await expect(install.outcome).toHaveText('安装完成。');
  await page.screenshot({ path: 'test-results/screenshots/failure-retried-zh.png' });
  await shell.language.selectOption('en');

  // The report downloads in the browser and names the cluster's machines.
  await next.getByTestId('install-next-report').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('report-download').click();
  const report = await download;
  expect(report.suggestedFilename()).toMatch(/-report\.html$/);
  expect(readFileSync(await report.path(), 'utf8')).toContain('master1');

  // The history holds the install, started from the app, with its retried init.
  await shell.nav('history').click();
  const latest = page.getByTestId('history-runs').locator('tbody tr').first();
  await expect(latest).toContainText('kubelab app');
  await expect(latest).toContainText('Succeeded');
});
