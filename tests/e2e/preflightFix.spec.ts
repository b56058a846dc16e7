import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import { isRootOnLinux, labLeftovers } from './support/demoRun';
import { PreflightPanel, type ShownResult } from './support/preflightPage';
import { labCli } from './support/labCli';
import { startServe, type Served } from './support/serve';
import { ShellPage } from './support/shellPage';

/**
 * Issue 8's "kubelab preflight and the UI show the same results", on the practice lab's swap-on
 * scenario (master1 and node1 with Ubuntu's /swap.img active): preflight in the Install screen
 * blocks on swap-active with the evidence it saw, the swap-off fix is applied from its preview of
 * the exact commands, the re-check passes, and `kubelab preflight --json` on the same project
 * reports the same check, status and severity on every node. Lab instance 6
 * (tests/lab/README.md), KUBELAB_PREFLIGHT_FIX_LAB_INSTANCE overrides it.
 */
const INSTANCE = process.env.KUBELAB_PREFLIGHT_FIX_LAB_INSTANCE ?? '6';
/** A preflight run over SSH with the network matrix: seconds, more on a busy 2-core machine. */
const RUN_TIMEOUT = 120_000;
const lab = labCli(INSTANCE);

/** The panel (and, for the dialog, the page) as an artifact of this test, and on disk to look at. */
async function attach(info: TestInfo, target: Locator, name: string): Promise<void> {
  const body = await target.screenshot();
  await info.attach(name, { body, contentType: 'image/png' });
  mkdirSync('test-results/screenshots', { recursive: true });
  writeFileSync(`test-results/screenshots/preflight-${name}.png`, body);
}

/** The part of `kubelab preflight --json` (PreflightRunSchema) compared with the panel. */
interface CliRun {
  report: {
    counts: Record<'block' | 'warn' | 'pass' | 'unknown', number>;
    results: { checkId: string; nodeIds: string[]; status: string; severity: string }[];
  };
}

const byKey = (a: ShownResult, b: ShownResult): number =>
  `${a.checkId} ${a.nodeIds}`.localeCompare(`${b.checkId} ${b.nodeIds}`);

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1440, height: 1000 } });

let served: Served | undefined;
let labIsUp = false;

/** A fresh lab with `scenario` (scenarios differ in nodes), its project served, preflight run. */
async function upAndCheck(page: Page, scenario: string): Promise<{ dir: string; project: string }> {
  labIsUp = true;
  lab('down');
  lab('up', scenario);
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-pf-e2e-'));
  const project = join(dir, 'kubelab.yaml');
  writeFileSync(project, lab('project'));
  served = await startServe(join(dir, 'config'), ['--project', project]);
  const shell = new ShellPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();
  const pf = new PreflightPanel(page);
  await pf.run.click();
  await expect(pf.summary).toBeVisible({ timeout: RUN_TIMEOUT });
  return { dir, project };
}

test.beforeAll(() => {
  test.skip(!isRootOnLinux(), 'the practice lab needs Linux and root');
  expect(labLeftovers(INSTANCE), `lab instance ${INSTANCE} must be free`).toEqual([]);
});

test.afterEach(async () => {
  await served?.stop();
  served = undefined;
});

test.afterAll(async () => {
  if (!labIsUp) return;
  lab('down');
  await expect.poll(() => labLeftovers(INSTANCE), { timeout: 15_000 }).toEqual([]);
});

test('swap-on: the UI blocks on swap-active, fixes it from the preview, and agrees with the CLI', async ({
  page,
}, testInfo) => {
  test.setTimeout(8 * 60_000);
  const { dir, project } = await upAndCheck(page, 'swap-on');
  const shell = new ShellPage(page);
  const pf = new PreflightPanel(page);

  // Swap blocks on both machines, with what the check saw.
  for (const node of ['master1', 'node1']) {
    const swap = pf.result('swap-active', node);
    await expect(swap).toHaveAttribute('data-status', 'fail');
    await expect(swap).toHaveAttribute('data-severity', 'block');
    await expect(swap.getByTestId('check-evidence')).toContainText('/swap.img');
    await expect(
      pf.group('block').locator(`li[data-check="swap-active"][data-nodes="${node}"]`),
    ).toBeVisible();
  }
  await expect(pf.summary).not.toHaveAttribute('data-block', '0');
  await attach(testInfo, pf.panel, 'panel-en');
  await shell.language.selectOption('zh-CN');
  await expect(pf.group('block')).toContainText('阻断');
  await expect(pf.result('swap-active', 'master1')).toContainText('swap 已开启');
  await attach(testInfo, pf.panel, 'panel-zh');
  await shell.language.selectOption('en');
  await expect(pf.group('block')).toContainText('Blocking');

  // The fix, opened from the keyboard: its exact commands and where they run, then run.
  const fixButton = pf.result('swap-active', 'master1').getByTestId('check-fix');
  await fixButton.focus();
  await page.keyboard.press('Enter');
  await expect(pf.dialog).toBeVisible();
  await expect(pf.dialog.getByTestId('fix-commands')).toContainText('swapoff -a');
  await expect(pf.dialog.getByTestId('fix-commands')).toContainText('/etc/fstab');
  await expect(pf.dialog.getByTestId('fix-runs-on')).toContainText('master1');
  await expect(pf.dialog.getByTestId('fix-runs-on')).not.toContainText('node1');
  await expect(pf.dialog.getByTestId('fix-destructive')).toHaveCount(0);
  await attach(testInfo, pf.dialog, 'fix-preview-en');
  await pf.dialog.getByTestId('fix-run').click();
  const outcome = pf.dialog.getByTestId('fix-outcome');
  await expect(outcome).toHaveAttribute('data-fixed', 'true', { timeout: RUN_TIMEOUT });
  await expect(
    outcome.getByTestId('fix-recheck').locator('li[data-check="swap-active"]'),
  ).toHaveAttribute('data-status', 'pass');
  await attach(testInfo, pf.dialog, 'fix-outcome-en');
  await pf.dialog.getByTestId('fix-close').click();
  await expect(pf.dialog).toHaveCount(0);

  // The panel took the fix's new run: master1 passes now, node1 (not fixed) still blocks.
  await expect(pf.result('swap-active', 'master1')).toHaveAttribute('data-status', 'pass');
  await expect(pf.result('swap-active', 'node1')).toHaveAttribute('data-status', 'fail');
  await pf.group('pass').locator('summary').click();
  await expect(pf.group('pass').locator('li[data-check="swap-active"]')).toBeVisible();
  await attach(testInfo, pf.panel, 'panel-after-fix-en');

  // `kubelab preflight --json` on the same project: the same checks, statuses and severities.
  const cli = spawnSync(
    process.execPath,
    ['bin/kubelab.js', 'preflight', '-f', project, '--json'],
    {
      env: { ...process.env, KUBELAB_CONFIG_DIR: join(dir, 'cli-config') },
      encoding: 'utf8',
      timeout: RUN_TIMEOUT,
      maxBuffer: 16 << 20,
    },
  );
  expect(cli.status, cli.stderr).toBe(3); // node1's swap still blocks
  const run = JSON.parse(cli.stdout) as CliRun;
  const fromCli: ShownResult[] = run.report.results.map((r) => ({
    checkId: r.checkId,
    nodeIds: r.nodeIds.join(','),
    status: r.status,
    severity: r.severity,
  }));
  const shown = await pf.shown();
  expect(shown.length).toBeGreaterThan(10);
  expect([...shown].sort(byKey)).toEqual([...fromCli].sort(byKey));
  const { block, warn, pass, unknown } = run.report.counts;
  await expect(pf.summary).toHaveAttribute('data-block', String(block));
  await expect(pf.summary).toHaveAttribute('data-warn', String(warn));
  await expect(pf.summary).toHaveAttribute('data-pass', String(pass));
  await expect(pf.summary).toHaveAttribute('data-unknown', String(unknown));
});

test('duplicate-hostname: the new hostname is asked for, refused by the back end when unsafe, then set', async ({
  page,
}, testInfo) => {
  test.setTimeout(6 * 60_000);
  await upAndCheck(page, 'duplicate-hostname');
  const pf = new PreflightPanel(page);
  const dup = pf.result('duplicate-hostname', 'node1,node2');
  await expect(dup).toHaveAttribute('data-status', 'fail');
  await expect(dup).toHaveAttribute('data-severity', 'block');
  await dup.getByTestId('check-fix').click();
  const dialog = pf.dialog;
  // Which of the two machines changes: the last one, as the CLI picks; either may be chosen.
  await expect(dialog.getByTestId('fix-node')).toHaveValue('node2');
  await expect(dialog.getByTestId('fix-commands')).toHaveText(
    'hostnamectl set-hostname ${hostname}',
  );
  await dialog.getByTestId('fix-run').click();
  await expect(dialog.locator('.field-error')).toHaveText('Required.');
  await dialog.getByTestId('fix-param-hostname').fill('node 2;reboot');
  await expect(dialog.getByTestId('fix-commands')).toHaveText(
    'hostnamectl set-hostname node 2;reboot',
  );
  await dialog.getByTestId('fix-run').click();
  // The back end refuses it (params.hostname) before anything runs; the field says why.
  await expect(dialog.locator('.field-error')).toContainText('A hostname', {
    timeout: RUN_TIMEOUT,
  });
  await expect(dialog.getByTestId('fix-param-hostname')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByTestId('fix-outcome')).toHaveCount(0);
  await attach(testInfo, dialog, 'fix-param-error-en');
  await dialog.getByTestId('fix-param-hostname').fill('node2');
  await expect(dialog.locator('.field-error')).toHaveCount(0);
  await expect(dialog.getByTestId('fix-commands')).toHaveText('hostnamectl set-hostname node2');
  await expect(dialog.getByTestId('fix-runs-on')).toContainText('node2');
  await dialog.getByTestId('fix-run').click();
  await expect(dialog.getByTestId('fix-outcome')).toHaveAttribute('data-fixed', 'true', {
    timeout: RUN_TIMEOUT,
  });
  await dialog.getByTestId('fix-close').click();
  await expect(
    page.getByTestId('preflight-results').locator('li[data-check="duplicate-hostname"]'),
  ).not.toHaveAttribute('data-status', 'fail');
});

test('leftovers: the destructive reset-node fix asks a second time before it runs', async ({
  page,
}, testInfo) => {
  test.setTimeout(6 * 60_000);
  await upAndCheck(page, 'leftovers');
  const pf = new PreflightPanel(page);
  const left = pf.result('leftovers', 'node1');
  await expect(left).toHaveAttribute('data-status', 'fail');
  await expect(left).toHaveAttribute('data-severity', 'block');
  await left.getByTestId('check-fix').click();
  const dialog = pf.dialog;
  await expect(dialog.getByTestId('fix-destructive')).toBeVisible();
  await expect(dialog.getByTestId('fix-commands')).toContainText('kubeadm reset -f');
  await expect(dialog.getByTestId('fix-runs-on')).toContainText('node1');
  await dialog.getByTestId('fix-run').click();
  // Nothing ran yet: the confirmation names the machine, and Back returns to the preview.
  await expect(dialog.getByTestId('fix-confirm-text')).toContainText('node1');
  await expect(dialog.getByTestId('fix-outcome')).toHaveCount(0);
  await attach(testInfo, dialog, 'fix-confirm-en');
  await dialog.getByRole('button', { name: 'Back' }).click();
  await expect(dialog.getByTestId('fix-confirm-text')).toHaveCount(0);
  await dialog.getByTestId('fix-run').click();
  await dialog.getByTestId('fix-confirm-destructive').click();
  await expect(dialog.getByTestId('fix-outcome')).toHaveAttribute('data-fixed', 'true', {
    timeout: RUN_TIMEOUT,
  });
  await dialog.getByTestId('fix-close').click();
  await expect(pf.result('leftovers', 'node1')).toHaveAttribute('data-status', 'pass');
  await expect(pf.result('leftovers', 'master1')).toHaveAttribute('data-status', 'fail');
});
