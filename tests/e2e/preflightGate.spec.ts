import { expect, test } from '@playwright/test';
import { startServe, type Served } from './support/serve';
import { ShellPage } from './support/shellPage';
import { tapBackend } from './support/wsTap';

let served: Served;
test.beforeEach(async () => {
  served = await startServe();
});
test.afterEach(async () => {
  await served.stop();
});
test.use({ viewport: { width: 1440, height: 1100 } });

const node = (id: string, role: string, last: number): object => ({
  id,
  name: id,
  address: `10.10.0.${last}`,
  port: 22,
  user: 'root',
  auth: 'agent',
  role,
  labels: {},
});

const BLOCKER = {
  checkId: 'network-ports',
  nodeIds: ['node1', 'master1'],
  status: 'fail',
  severity: 'block',
  message: {
    en: 'node1 cannot reach master1 on 6443/tcp.',
    zh: 'node1 无法访问 master1 的 6443/tcp。',
  },
  evidence: '6443/tcp: timeout',
  fix: {
    id: 'open-port',
    runsOn: 'failed-node',
    destructive: false,
    commands: ['iptables -I INPUT -p tcp --dport 6443 -j ACCEPT'],
    missingParams: [],
  },
};

const preflightRun = (blocking: boolean): object => ({
  checkedAt: new Date().toISOString(),
  durationMs: 1800,
  report: {
    ok: !blocking,
    counts: { block: blocking ? 1 : 0, warn: 0, pass: 12, unknown: 0 },
    results: blocking ? [BLOCKER] : [],
  },
  matrices: [],
  listeners: [],
  unreachable: [],
});

/**
 * Install runs preflight first (a kept run that is not fresh is not reused) and, with a blocker,
 * asks: the blocker and its fix are named, "Don't install" starts nothing, "Install anyway" does.
 * Without a blocker the install starts at once.
 */
test('Install with a blocking preflight asks first; without one it starts', async ({ page }) => {
  let blocking = true;
  const tap = await tapBackend(page, {
    'nodes.list': () => ({
      nodes: [node('master1', 'control-plane', 11), node('node1', 'worker', 12)],
    }),
    'install.state': () => ({ active: false, state: null }),
    'preflight.last': () => ({ run: preflightRun(true), fresh: false }),
    'preflight.run': () => preflightRun(blocking),
    'run.start': () => ({ runId: 'r-gate', dryRun: false, resumed: false }),
  });
  const count = (name: string): number => tap.requests.filter((r) => r.name === name).length;
  const shell = new ShellPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();
  const gate = page.getByTestId('preflight-gate');

  for (const lang of ['en', 'zh-CN'] as const) {
    await shell.language.selectOption(lang);
    const before = count('preflight.run');
    await page.getByTestId('install-start').click();
    await expect(gate).toBeVisible();
    expect(count('preflight.run')).toBe(before + 1);
    await expect(gate).toContainText(
      lang === 'en'
        ? 'node1 cannot reach master1 on 6443/tcp.'
        : 'node1 无法访问 master1 的 6443/tcp。',
    );
    await expect(page.getByTestId('preflight-gate-item')).toHaveCount(1);
    await page.screenshot({ path: `test-results/screenshots/install-preflight-gate-${lang}.png` });
    await page.getByTestId('preflight-gate-cancel').click();
    await expect(gate).toBeHidden();
    expect(count('run.start')).toBe(0);
  }
  // The blocker is on screen with its Fix, under the checklist.
  await expect(page.getByTestId('checks-panel')).toContainText('6443/tcp');

  await page.getByTestId('install-start').click();
  await page.getByTestId('preflight-gate-anyway').click();
  await expect(gate).toBeHidden();
  await expect.poll(() => count('run.start')).toBe(1);

  blocking = false;
  await page.getByTestId('install-start').click();
  await expect.poll(() => count('run.start')).toBe(2);
  await expect(gate).toBeHidden();
});
