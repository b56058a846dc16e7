import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startServe, type Served } from './support/serve';
import { ShellPage } from './support/shellPage';
import { tapBackend } from './support/wsTap';

/**
 * Issue 20's first layer in the UI: after an install of the guide's cluster (1.18.2, Docker,
 * master1 + node1 + node2), the Install screen offers Upgrade; picking 1.21 shows the plan the
 * back end computes for `upgrade.plan` — the same entry `kubelab upgrade --dry-run` calls — as
 * three hops, one minor each, with the node order. Only the recorded install is scripted (no
 * machines are needed to plan); the project and the plan are the real back end's.
 */
let served: Served;
let dir: string;

test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-e2e-upgrade-'));
  const project = join(dir, 'kubelab.yaml');
  const init = spawnSync(
    process.execPath,
    ['bin/kubelab.js', 'init', '--from-guide', '-o', project],
    { encoding: 'utf8', env: { ...process.env, KUBELAB_CONFIG_DIR: join(dir, 'config') } },
  );
  if (init.status !== 0) throw new Error(`kubelab init failed:\n${init.stdout}\n${init.stderr}`);
  served = await startServe(join(dir, 'config'), ['--project', project]);
});
test.afterEach(async () => {
  await served.stop();
  rmSync(dir, { recursive: true, force: true });
});
test.use({ viewport: { width: 1440, height: 1100 } });

const now = (): string => new Date().toISOString();
const done = (stepId: string, nodeId: string): object => ({
  stepId,
  nodeId,
  status: 'done',
  attempts: 1,
});

test('the Upgrade panel shows the guide cluster’s three hops to 1.21, in English and Chinese', async ({
  page,
}) => {
  const tap = await tapBackend(page, {
    'install.state': () => ({
      active: false,
      state: {
        runId: 'r-installed',
        kind: 'install',
        startedAt: now(),
        finishedAt: now(),
        outcome: 'succeeded',
        tasks: [
          done('prepare-os', 'master1'),
          done('kubeadm-init', 'master1'),
          done('prepare-os', 'node1'),
          done('join-node', 'node1'),
          done('prepare-os', 'node2'),
          done('join-node', 'node2'),
        ],
      },
    }),
  });
  const shell = new ShellPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();
  await page.getByTestId('install-next-upgrade').click();

  const panel = page.getByTestId('upgrade-panel');
  await expect(panel).toContainText('Upgrade from 1.18.2');
  await expect(panel).toContainText('choose Upgrade in the Operations menu');
  await panel.getByTestId('upgrade-target').selectOption('1.21');
  await panel.getByTestId('upgrade-show').click();

  const hops = panel.getByTestId('upgrade-hop');
  await expect(hops).toHaveCount(3);
  expect(await hops.evaluateAll((els) => els.map((e) => e.getAttribute('data-to')))).toEqual([
    '1.19.16',
    '1.20.15',
    '1.21.14',
  ]);
  await expect(panel.getByTestId('upgrade-summary')).toHaveText(
    '1.18.2 → 1.21.14: 3 hops, one minor version at a time.',
  );
  const first = hops.first();
  await expect(first).toContainText('Hop 1: 1.18.2 → 1.19.16');
  await expect(first.getByTestId('upgrade-runtime')).toContainText('Docker kept');
  const order = first.getByTestId('upgrade-order').locator('li');
  await expect(order).toHaveCount(3);
  await expect(order.nth(0)).toContainText('master1');
  await expect(order.nth(0)).toContainText('kubeadm upgrade apply v1.19.16');
  await expect(order.nth(1)).toContainText('node1');
  await expect(order.nth(1)).toContainText('worker, batch 1');
  await expect(order.nth(2)).toContainText('worker, batch 2');
  expect(tap.requests.find((r) => r.name === 'upgrade.plan')?.payload).toEqual({
    to: '1.21',
    workerBatchSize: 1,
    dockerMigration: 'containerd',
  });
  await page.screenshot({ path: 'test-results/screenshots/upgrade-en.png', fullPage: true });

  await shell.language.selectOption('zh-CN');
  await expect(first).toContainText('第 1 跳：1.18.2 → 1.19.16');
  await expect(first.getByTestId('upgrade-runtime')).toContainText('保留 Docker');
  await expect(panel.getByTestId('upgrade-summary')).toContainText('共 3 跳');
  await page.screenshot({ path: 'test-results/screenshots/upgrade-zh.png', fullPage: true });
});

test('Upgrade from the operations menu: the current version, this run’s hop, each node’s turn, then run.start', async ({
  page,
}) => {
  let started: unknown;
  const tap = await tapBackend(page, {
    'install.state': () => ({
      active: false,
      state: {
        runId: 'r-installed',
        kind: 'install',
        startedAt: now(),
        finishedAt: now(),
        outcome: 'succeeded',
        tasks: [
          done('kubeadm-init', 'master1'),
          done('join-node', 'node1'),
          done('join-node', 'node2'),
        ],
      },
    }),
    // The run itself is the lab's (tests/integration/upgrade); here: what the dialog sends.
    'run.start': (payload) => {
      started = payload;
      return { runId: 'r-upgrade', dryRun: false, resumed: false };
    },
  });
  const shell = new ShellPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();
  await page.getByTestId('operations-menu').click();
  await page.getByTestId('operation-upgrade').click();

  const dialog = page.getByTestId('operation-dialog');
  await expect(dialog.getByTestId('operation-upgrade-current')).toHaveText(
    'The cluster runs Kubernetes 1.18.2.',
  );
  const version = dialog.getByTestId('operation-version');
  // The current minor's newest patch first, then each newer minor's newest release.
  const offered = await version
    .locator('option')
    .evaluateAll((els) => els.map((e) => e.getAttribute('value')));
  expect(offered.slice(0, 4)).toEqual(['1.18.20', '1.19.16', '1.20.15', '1.21.14']);
  await version.selectOption('1.21.14');
  await dialog.getByTestId('operation-upgrade-batch').fill('2');
  await expect(dialog.getByTestId('operation-upgrade-hop')).toHaveText(
    'This run upgrades 1.18.2 → 1.19.16. 1.21.14 is 2 more hops away: start Upgrade again after each run, one run per minor version.',
  );
  await expect(dialog.getByTestId('operation-upgrade-turn-master1')).toContainText(
    'kubeadm upgrade apply',
  );
  await expect(dialog.getByTestId('operation-upgrade-turn-node1')).toContainText('worker batch 1');
  await expect(dialog.getByTestId('operation-upgrade-turn-node2')).toContainText('worker batch 1');
  await dialog.getByTestId('operation-upgrade-batch').fill('0');
  await expect(dialog.getByTestId('operation-start')).toBeDisabled();
  await dialog.getByTestId('operation-upgrade-batch').fill('2');
  await dialog.getByTestId('operation-upgrade-snapshot').uncheck();
  // A drain a PodDisruptionBudget blocks: wait by default; force says what it does to the pods.
  const drainBlocked = dialog.getByTestId('operation-upgrade-drain-blocked');
  await expect(drainBlocked).toHaveValue('wait');
  await expect(dialog.getByTestId('operation-upgrade-drain-force-warning')).toHaveCount(0);
  // skip says the node stays on its version for the next run.
  await drainBlocked.selectOption('skip');
  await expect(dialog.getByTestId('operation-upgrade-drain-skip-hint')).toContainText(
    'the next upgrade run drains it again',
  );
  await drainBlocked.selectOption('force');
  await expect(dialog.getByTestId('operation-upgrade-drain-skip-hint')).toHaveCount(0);
  await expect(dialog.getByTestId('operation-upgrade-drain-force-warning')).toContainText(
    'Force deletes pods even when their PodDisruptionBudget forbids it',
  );
  await page.screenshot({ path: 'test-results/screenshots/upgrade-dialog-en.png' });

  await shell.language.selectOption('zh-CN');
  await expect(dialog.getByTestId('operation-upgrade-hop')).toContainText(
    '本次运行将 1.18.2 升级到 1.19.16',
  );
  await expect(dialog.getByTestId('operation-upgrade-turn-node1')).toContainText('第 1 批工作节点');
  await expect(dialog.getByTestId('operation-upgrade-drain-force-warning')).toContainText(
    '强制会在 PodDisruptionBudget 不允许时仍删除 Pod',
  );
  await drainBlocked.selectOption('skip');
  await expect(dialog.getByTestId('operation-upgrade-drain-skip-hint')).toContainText(
    '下一次升级运行会再次排空它',
  );
  await drainBlocked.selectOption('force');
  await page.screenshot({ path: 'test-results/screenshots/upgrade-dialog-zh.png' });

  await dialog.getByTestId('operation-start').click();
  await expect(dialog).toBeHidden();
  expect(started).toEqual({
    operation: 'upgrade',
    params: { to: '1.21.14', batch: 2, snapshot: false, drainBlocked: 'force' },
  });
  expect(tap.requests.filter((r) => r.name === 'upgrade.plan').at(-1)?.payload).toEqual({
    to: '1.21.14',
    workerBatchSize: 2,
  });
});

test('a Docker cluster on 1.23: the run before the hop into 1.24 is the runtime migration, EN/ZH', async ({
  page,
}) => {
  // The same guide project, recorded at 1.23.17 (Docker kept through 1.23).
  await served.stop();
  const project = join(dir, 'kubelab.yaml');
  writeFileSync(
    project,
    readFileSync(project, 'utf8').replace(
      'kubernetesVersion: 1.18.2',
      'kubernetesVersion: 1.23.17',
    ),
  );
  served = await startServe(join(dir, 'config'), ['--project', project]);
  await tapBackend(page, {
    'install.state': () => ({
      active: false,
      state: {
        runId: 'r-installed',
        kind: 'install',
        startedAt: now(),
        finishedAt: now(),
        outcome: 'succeeded',
        tasks: [done('kubeadm-init', 'master1')],
      },
    }),
  });
  const shell = new ShellPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();
  await page.getByTestId('operations-menu').click();
  await page.getByTestId('operation-upgrade').click();
  const dialog = page.getByTestId('operation-dialog');
  await expect(dialog.getByTestId('operation-upgrade-current')).toHaveText(
    'The cluster runs Kubernetes 1.23.17.',
  );
  const version = dialog.getByTestId('operation-version');
  const offered = await version
    .locator('option')
    .evaluateAll((els) => els.map((e) => e.getAttribute('value') ?? ''));
  const to124 = offered.find((v) => v.startsWith('1.24.'));
  expect(to124).toBeDefined();
  await version.selectOption(to124 ?? '');
  // This run is the planned Docker → containerd migration; the hop itself is the next run.
  const migration = dialog.getByTestId('operation-upgrade-migration');
  await expect(migration).toContainText(
    "This run moves every node's container runtime from Docker to containerd",
  );
  await expect(migration).toContainText('systemctl disable docker.service --now');
  await expect(dialog.getByTestId('operation-upgrade-summary')).toBeHidden();
  await expect(dialog.getByTestId('operation-start')).toBeEnabled();
  await page.screenshot({ path: 'test-results/screenshots/upgrade-docker-124-en.png' });
  await shell.language.selectOption('zh-CN');
  await expect(migration).toContainText('从 Docker 换成 containerd');
  await expect(dialog.getByTestId('operation-start')).toBeEnabled();
  await page.screenshot({ path: 'test-results/screenshots/upgrade-docker-124-zh.png' });
});

test('the Upgrade panel compares with kubeadm’s own plan on the cluster (upgrade.livePlan)', async ({
  page,
}) => {
  const tap = await tapBackend(page, {
    'install.state': () => ({
      active: false,
      state: {
        runId: 'r-installed',
        kind: 'install',
        startedAt: now(),
        finishedAt: now(),
        outcome: 'succeeded',
        tasks: [done('kubeadm-init', 'master1'), done('join-node', 'node1')],
      },
    }),
    // What the back end answers after running kubeadm on master1 (main/handlers/upgradeLivePlan
    // .test.ts runs the real handler on kubeadm's published output); here: how the panel shows it.
    'upgrade.livePlan': () => ({
      plan: null,
      errors: [],
      kubeadm: {
        nodeId: 'master1',
        format: 'count',
        clusterVersion: '1.18.2',
        kubeadmVersion: '1.18.2',
        upgrades: [
          {
            description: 'Upgrade to the latest version in the v1.18 series',
            applyVersion: '1.18.20',
            components: [],
          },
        ],
      },
      disagreements: [
        {
          subject: 'target',
          kubeadm: '1.18.20',
          kubelab: '1.19.16',
          text: {
            en: 'kubeadm offers 1.18.20; kubelab’s hop is 1.19.16.',
            zh: 'kubeadm 提供 1.18.20；kubelab 的一跳是 1.19.16。',
          },
        },
      ],
    }),
  });
  const shell = new ShellPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();
  await page.getByTestId('install-next-upgrade').click();
  const panel = page.getByTestId('upgrade-panel');
  await panel.getByTestId('upgrade-target').selectOption('1.19');
  await panel.getByTestId('upgrade-live').click();
  const kubeadm = panel.getByTestId('upgrade-kubeadm');
  await expect(kubeadm).toContainText(
    'kubeadm upgrade plan on master1: cluster 1.18.2, kubeadm 1.18.2',
  );
  await expect(kubeadm).toContainText('kubeadm upgrade apply v1.18.20');
  await expect(panel.getByTestId('upgrade-kubeadm-disagreements')).toHaveText(
    'kubeadm offers 1.18.20; kubelab’s hop is 1.19.16.',
  );
  expect(tap.requests.find((r) => r.name === 'upgrade.livePlan')?.payload).toEqual({
    to: '1.19',
    workerBatchSize: 1,
    dockerMigration: 'containerd',
  });
  await shell.language.selectOption('zh-CN');
  await expect(kubeadm).toContainText('master1 上的 kubeadm upgrade plan');
  await expect(panel.getByTestId('upgrade-kubeadm-disagreements')).toHaveText(
    'kubeadm 提供 1.18.20；kubelab 的一跳是 1.19.16。',
  );
});
