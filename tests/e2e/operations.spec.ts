import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { InstallPage } from './support/screensPage';
import { labCli } from './support/labCli';
import { labSpec } from './support/labSpec';
import { startServe } from './support/serve';
import { ShellPage } from './support/shellPage';

/**
 * Issue 15's operations menu on the real practice lab (nothing of the back end scripted): the
 * guide's cluster installed through the UI, then "Renew certificates" chosen from the operations
 * menu, confirmed in its dialog and started through run.start; its cell on master1 (the only
 * control plane) runs on the board and goes green, and the outcome names the operation, in
 * English and Chinese. Lab instance 21, KUBELAB_OPERATIONS_LAB_INSTANCE overrides it.
 */
const INSTANCE = process.env.KUBELAB_OPERATIONS_LAB_INSTANCE ?? '21';
const INSTALL_TIMEOUT = 5 * 60_000;
const RUN_TIMEOUT = 2 * 60_000;
const lab = labCli(INSTANCE);

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/operations-${name}.png` });
}

test.use({ viewport: { width: 1440, height: 1000 } });

const spec = labSpec(INSTANCE, lab);

test('the guide installed on the lab, then Renew certificates from the operations menu', async ({
  page,
}) => {
  test.setTimeout(INSTALL_TIMEOUT + RUN_TIMEOUT + 2 * 60_000);
  const dir = spec.up('guide', 'kubelab-ops-e2e-');
  const project = join(dir, 'kubelab.yaml');
  writeFileSync(project, lab('project'));
  const served = spec.serving(await startServe(join(dir, 'config'), ['--project', project]));
  const shell = new ShellPage(page);
  const install = new InstallPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();

  // Before any install the menu offers nothing; the install itself is the toolbar's button.
  const menu = page.getByTestId('operations-menu');
  await expect(menu).toBeDisabled();
  await install.start.click();
  await expect(install.outcome).toHaveClass(/outcome-succeeded/, { timeout: INSTALL_TIMEOUT });

  // The installed cluster's menu, from the catalog.
  await menu.click();
  const items = page.getByRole('menuitem');
  expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual([
    'operation-reset-node',
    'operation-reset-cluster',
    'operation-remove-node',
    'operation-upgrade',
    'operation-renew-certs',
  ]);
  await expect(page.getByTestId('operation-renew-certs')).toHaveText('Renew certificates');
  await shot(page, 'menu-en');
  await menu.click();

  // In Chinese: the same menu, the dialog, and the run started from it.
  await shell.language.selectOption('zh-CN');
  await menu.click();
  await expect(page.getByTestId('operation-renew-certs')).toHaveText('续期证书');
  await page.getByTestId('operation-renew-certs').click();
  const dialog = page.getByTestId('operation-dialog');
  await expect(dialog).toContainText('在每个控制平面上续期 kubeadm 管理的证书');
  await shot(page, 'renew-dialog-zh');
  await dialog.getByTestId('operation-start').click();
  await expect(dialog).toBeHidden();

  // The run's cell on the board: master1, the only control plane, goes green.
  const cell = install.cell('renew-certs', 'master1');
  await expect(cell).toHaveAttribute('data-status', 'ok', { timeout: RUN_TIMEOUT });
  // Then kubelet.conf on every node (the lab's first control plane embeds its certificate, as
  // kubeadm before 1.17 left it, so it is regenerated: two kubelet restarts).
  await expect(install.outcome).toHaveText('续期证书已完成。', { timeout: RUN_TIMEOUT });
  await expect(install.outcome).toHaveClass(/outcome-succeeded/);
  // renew-certs is a control plane's; on the workers the run only inspected kubelet.conf (their
  // kubelets rotate their certificates), so their cells are not applicable and ok.
  await expect(
    install.checklist.locator('[data-node="node1"][data-step="renew-certs"]'),
  ).toHaveAttribute('data-status', 'not-applicable');
  await expect(
    install.checklist.locator('[data-node="node1"][data-step="kubelet-conf"]'),
  ).toHaveAttribute('data-status', 'ok');
  // The workers are still the cluster's: nobody is offered to join.
  await expect(page.getByTestId('install-next')).toBeVisible();
  await expect(page.getByTestId('day2-add')).toBeHidden();
  await shot(page, 'renewed-zh');
  await shell.language.selectOption('en');
  await expect(install.outcome).toHaveText('Renew certificates finished.');
  await shot(page, 'renewed-en');
});
