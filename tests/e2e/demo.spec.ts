import { copyFileSync, mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
  demoProcesses,
  INSTANCE,
  isRootOnLinux,
  labLeftovers,
  letNobodyReachRepo,
  nobodyCanReadRepo,
  startDemo,
  stillRunning,
  type Proc,
} from './support/demoRun';
import { InstallPage, PlanPage } from './support/screensPage';
import { ShellPage } from './support/shellPage';

/**
 * The newcomer's first ten minutes (issue 6): `npm run demo` from the repository, the printed URL
 * in Chromium, the practice lab's machines on the Nodes screen, the guide's plan, one click on
 * Install, a terminal on master1 — then Ctrl-C, and nothing of the lab left on the machine.
 * Screenshots of the Nodes, Install and Terminals screens go to test-results/screenshots, and to
 * docs/screenshots (the README's images) when UPDATE_SCREENSHOTS=1.
 */
test.use({ viewport: { width: 1440, height: 900 } });

async function shot(page: Page, name: string): Promise<void> {
  const path = `test-results/screenshots/demo-${name}.png`;
  await page.screenshot({ path });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync('docs/screenshots', { recursive: true });
    copyFileSync(path, `docs/screenshots/${name}.png`);
  }
}

test('npm run demo: the practice lab in kubelab, Install, a terminal, and Ctrl-C leaves nothing', async ({
  page,
}) => {
  test.skip(!isRootOnLinux(), 'the practice lab needs Linux and root');
  test.setTimeout(20 * 60_000);
  expect(labLeftovers(), `lab instance ${INSTANCE} must be free before the test`).toEqual([]);

  const demo = await startDemo();
  let procs: Proc[] = [];
  let ended = '';
  try {
    procs = demoProcesses();
    expect(procs.filter((p) => p.what === 'lab').length).toBeGreaterThanOrEqual(4);
    expect(demo.output()).toContain('practice lab "guide" is up');
    const shell = new ShellPage(page);
    await shell.open(demo.url);

    // Nodes: the guide's three machines (node3 comes later, as in the guide).
    await shell.nav('nodes').click();
    for (const node of ['master1', 'node1', 'node2']) {
      await expect(page.getByTestId(`node-row-${node}`)).toBeVisible();
    }
    await expect(page.getByTestId('node-row-node3')).toHaveCount(0);
    await shot(page, 'nodes');

    // Plan: the guide's (Kubernetes 1.18.2 from the Aliyun mirrors, its CIDRs).
    await shell.nav('plan').click();
    const plan = new PlanPage(page);
    await expect(plan.field('kubernetesVersion')).toHaveValue(/1\.18/);
    await expect(plan.field('podCidr')).toHaveValue('10.10.0.0/16');

    // Install: one click, and the checklist runs to the end on the lab's machines.
    await shell.nav('install').click();
    const install = new InstallPage(page);
    await install.start.click();
    const outcome = page.getByTestId('install-outcome');
    await expect(outcome).toBeVisible({ timeout: 15 * 60_000 });
    await expect(outcome, 'the install finished without failures').toHaveClass(/outcome-succeeded/);
    for (const node of ['master1', 'node1', 'node2']) {
      await expect(install.cell('prepare-os', node)).toHaveAttribute('data-status', 'ok');
    }
    await shot(page, 'install');

    // Terminals: a shell on master1 over SSH (the lab key, the pinned host key).
    await shell.nav('terminals').click();
    await page.getByTestId('open-terminal-master1').click();
    const screen = page.locator('.xterm-rows');
    await expect(screen).toContainText(/master1/, { timeout: 30_000 });
    // xterm takes keys through its helper textarea (the rows themselves do not take clicks).
    await page.locator('.xterm-helper-textarea').first().focus();
    await page.keyboard.type('kubectl get nodes\n');
    await expect(screen).toContainText(/node2\s+Ready/, { timeout: 30_000 });
    await shot(page, 'terminals');
  } finally {
    ended = await demo.interrupt();
  }
  expect(['SIGINT', 'exit 0'], demo.output()).toContain(ended);
  expect(demo.output()).toContain('the practice lab is down');
  // SIGKILLed processes can take a moment to be gone from /proc on a loaded machine.
  await expect.poll(() => stillRunning(procs), { timeout: 15_000 }).toEqual([]);
  expect(labLeftovers()).toEqual([]);
});

test('npm run demo without root: says the lab needs Linux and root, starts kubelab anyway', async ({
  page,
}) => {
  const restore = isRootOnLinux() ? letNobodyReachRepo() : () => undefined;
  try {
    expect(
      !isRootOnLinux() || nobodyCanReadRepo(),
      'nobody cannot read this checkout (its files are not world-readable)',
    ).toBe(true);
    await runUnprivilegedDemo(page);
  } finally {
    restore();
  }
});

async function runUnprivilegedDemo(page: Page): Promise<void> {
  const demo = await startDemo(120_000, { unprivileged: true });
  try {
    expect(demo.output()).toContain('The practice lab needs Linux and root');
    const shell = new ShellPage(page);
    await shell.open(demo.url);
    await expect(shell.appInfo).toContainText('Browser');
  } finally {
    expect(['SIGINT', 'exit 0']).toContain(await demo.interrupt());
  }
}
