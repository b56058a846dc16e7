import { expect, test } from '@playwright/test';
import { startServe, type Served } from './support/serve';
import { InstallPage } from './support/screensPage';
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

const RUN = 'r20261206-194846-d56a44';
const INIT_ERROR =
  "kubeadm-init on master1 exited 1: error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster";
// The end of kubeadm init's output on the firewall-6443 scenario (tests/lab/node/kubeadm.mjs).
// A second attempt: the first one's leftovers were cleaned first, which the screen says.
const NOTICE =
  'an earlier kubeadm init on this node did not finish; running kubeadm reset -f before initialising again';
const INIT_LOG = [
  `[kubelab] notice: ${NOTICE}`,
  '[kubelab] kubeadm init --config /etc/kubernetes/kubelab/kubeadm-config.yaml',
  '[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests". This can take up to 4m0s',
  '[kubelet-check] Initial timeout of 40s passed.',
  "error execution phase wait-control-plane: couldn't initialize a Kubernetes cluster",
  '',
].join('\n');

/**
 * A reload after a failed run: the engine's events that drew the screen are gone, what the back
 * end keeps is not. The recorded run (install.state), the step logs on disk (install.log) and
 * the last preflight run (preflight.last) are scripted here as the back end answers them; the
 * page's bridge and stores are the real ones, and must draw the same failure again.
 */
test('a reload after a failed install keeps the logs, the failure banner and preflight results', async ({
  page,
}) => {
  const tap = await tapBackend(page, {
    'install.state': () => ({
      active: false,
      state: {
        runId: RUN,
        startedAt: '2026-12-06T19:48:46.000Z',
        finishedAt: '2026-12-06T19:49:40.000Z',
        outcome: 'failed',
        tasks: [
          { stepId: 'prepare-os', nodeId: 'master1', status: 'done', attempts: 1 },
          { stepId: 'prepare-os', nodeId: 'node1', status: 'done', attempts: 1 },
          {
            stepId: 'kubeadm-init',
            nodeId: 'master1',
            status: 'failed',
            attempts: 1,
            error: { code: 'step_exit', message: INIT_ERROR, nodeId: 'master1' },
          },
          { stepId: 'join-node', nodeId: 'node1', status: 'skipped', attempts: 0 },
        ],
      },
    }),
    'install.log': (payload) => {
      const { stepId, nodeId } = payload as { stepId: string; nodeId: string };
      const text = stepId === 'kubeadm-init' ? INIT_LOG : `[kubelab] ${stepId} done on ${nodeId}\n`;
      return { runId: RUN, text, totalBytes: text.length, truncated: false };
    },
    'preflight.last': () => ({
      fresh: false,
      run: {
        checkedAt: '2026-12-06T19:40:00.000Z',
        durationMs: 2100,
        report: {
          ok: false,
          counts: { block: 1, warn: 0, pass: 12, unknown: 0 },
          results: [
            {
              checkId: 'network-ports',
              nodeIds: ['node1', 'master1'],
              status: 'fail',
              severity: 'block',
              message: {
                en: 'node1 cannot reach master1 on 6443/tcp.',
                zh: 'node1 无法访问 master1 的 6443/tcp。',
              },
              evidence: 'timed out',
            },
          ],
        },
        matrices: [],
        listeners: [],
        unreachable: [],
      },
    }),
  });
  const shell = new ShellPage(page);
  const install = new InstallPage(page);

  for (const [round, lang] of [
    [1, 'en'],
    [2, 'en'],
    [3, 'zh-CN'],
  ] as const) {
    if (round === 1) await shell.open(served.url);
    else await page.reload();
    await expect(shell.appInfo).toBeVisible();
    if (lang === 'zh-CN') await shell.language.selectOption('zh-CN');
    await shell.nav('install').click();
    await expect(install.cell('kubeadm-init', 'master1')).toHaveAttribute('data-status', 'failed');
    // The banner, rebuilt from the recorded run.
    await expect(page.getByTestId('run-failure')).toBeVisible();
    await expect(page.getByTestId('run-failure-full')).toHaveText(INIT_ERROR);
    // The failed step's log, read back from the run's files.
    await page.getByTestId('run-failure-kubeadm-init-master1').click();
    await expect(install.detail).toContainText('[kubelet-check] Initial timeout of 40s passed.');
    await expect(install.detail).not.toContainText(lang === 'en' ? 'No output yet' : '暂无输出');
    await expect(page.getByTestId('cell-notice')).toContainText(NOTICE);
    // A finished step's log too, when it is selected.
    await install.cell('prepare-os', 'node1').click();
    await expect(install.detail).toContainText('[kubelab] prepare-os done on node1');
    // The last preflight run, with its time and marked as not reused by the next install.
    await expect(page.getByTestId('checks-panel')).toContainText(
      lang === 'en'
        ? 'node1 cannot reach master1 on 6443/tcp.'
        : 'node1 无法访问 master1 的 6443/tcp。',
    );
    await expect(page.getByTestId('preflight-age')).toHaveClass(/pf-stale/);
    if (round > 1) {
      await install.cell('kubeadm-init', 'master1').click();
      await page.screenshot({ path: `test-results/screenshots/install-reloaded-${lang}.png` });
    }
  }
  // Ids only went to the back end, never a path.
  const asked = tap.requests.filter((r) => r.name === 'install.log').map((r) => r.payload);
  expect(asked).toContainEqual({ stepId: 'kubeadm-init', nodeId: 'master1' });
  for (const p of asked) expect(Object.keys(p as object).sort()).toEqual(['nodeId', 'stepId']);
});
