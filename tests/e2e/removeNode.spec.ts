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

const now = (): string => new Date().toISOString();
const spec = (id: string, role: string): object => ({
  id,
  name: id,
  address: `10.10.0.${id.length}`,
  port: 22,
  user: 'root',
  auth: 'agent',
  role,
  labels: {},
});
const done = (stepId: string, nodeId: string): object => ({
  stepId,
  nodeId,
  status: 'done',
  attempts: 1,
});

/**
 * Nodes → Remove on a machine of the cluster asks what to remove it from: "Forget in kubelab
 * only" is the inventory edit (nodes.remove, no run), "Remove from the cluster" opens the
 * remove-node operation's dialog on the Install screen with that machine chosen; it says what is
 * destroyed, sends run.start only once the cluster name is typed, and the run's cells arrive on
 * the board. Once the back end's record no longer has the machine, Remove is the plain list edit.
 * The engine is scripted (install.state, run.start, the events); the page's bridge is real.
 */
test('Remove on a cluster machine: from the cluster (remove-node) or forget in kubelab only', async ({
  page,
}) => {
  let removed = false;
  const tap = await tapBackend(page, {
    'nodes.list': () => ({
      nodes: [spec('master1', 'control-plane'), spec('node1', 'worker'), spec('node2', 'worker')],
    }),
    'nodes.remove': () => ({}),
    'install.state': () => ({
      active: false,
      state: {
        runId: 'r-installed',
        startedAt: now(),
        finishedAt: now(),
        outcome: 'succeeded',
        tasks: [
          done('prepare-os', 'master1'),
          done('kubeadm-init', 'master1'),
          done('join-node', 'node1'),
          ...(removed ? [] : [done('join-node', 'node2')]),
        ],
      },
    }),
    'run.start': () => ({ runId: 'r-remove', dryRun: false, resumed: false }),
  });
  const sent = (name: string): unknown[] =>
    tap.requests.filter((r) => r.name === name).map((r) => r.payload);
  const shell = new ShellPage(page);
  const install = new InstallPage(page);
  await shell.open(served.url);
  await shell.nav('nodes').click();

  // The choice, in both languages; forgetting edits the list only.
  const choice = page.getByTestId('remove-node-choice');
  await page.getByTestId('node-remove-node1').click();
  await expect(choice).toContainText('node1 is a machine of the cluster');
  await expect(choice).toContainText('nothing changes on the machine');
  await page.screenshot({ path: 'test-results/screenshots/nodes-remove-choice-en.png' });
  await shell.language.selectOption('zh-CN');
  await expect(choice.getByTestId('remove-forget')).toHaveText('仅在 kubelab 中忘记');
  await expect(choice.getByTestId('remove-from-cluster')).toHaveText('从集群中移除…');
  await page.screenshot({ path: 'test-results/screenshots/nodes-remove-choice-zh.png' });
  await shell.language.selectOption('en');
  await choice.getByTestId('remove-forget').click();
  await expect(choice).toBeHidden();
  await expect.poll(() => sent('nodes.remove')).toEqual([{ id: 'node1' }]);
  expect(sent('run.start')).toEqual([]);

  // From the cluster: the operation's dialog, node2 chosen, shut until the name is typed.
  await page.getByTestId('node-remove-node2').click();
  await choice.getByTestId('remove-from-cluster').click();
  const dialog = page.getByTestId('operation-dialog');
  await expect(dialog).toContainText('Remove a machine');
  await expect(dialog.getByTestId('operation-node')).toHaveValue('node2');
  await expect(dialog.getByTestId('operation-destroys')).toContainText(
    "Destroyed: The machine's place in the cluster",
  );
  const start = dialog.getByTestId('operation-start');
  await expect(start).toBeDisabled();
  await dialog.getByTestId('operation-confirm').fill('kubernete');
  await expect(start).toBeDisabled();
  await dialog.getByTestId('operation-confirm').fill('kubernetes');
  await page.screenshot({ path: 'test-results/screenshots/operation-remove-node-en.png' });
  await start.click();
  await expect(dialog).toBeHidden();
  await expect
    .poll(() => sent('run.start'))
    .toEqual([{ operation: 'remove-node', params: { nodeId: 'node2' }, confirm: 'kubernetes' }]);

  // The engine's run: its cells on the board, its outcome named after the operation.
  const event = (e: object): void =>
    tap.emit('install.event', { runId: 'r-remove', time: now(), ...e });
  const steps = ['drain-node', 'reset-removed-node', 'delete-node'];
  event({
    type: 'run-started',
    operation: 'remove-node',
    dryRun: false,
    resumed: false,
    tasks: steps.map((stepId) => ({
      stepId,
      nodeId: stepId === 'reset-removed-node' ? 'node2' : 'master1',
      status: 'pending',
      attempts: 0,
    })),
  });
  await expect(install.cell('drain-node', 'master1')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('operations-menu')).toBeDisabled();
  removed = true;
  for (const stepId of steps) {
    const nodeId = stepId === 'reset-removed-node' ? 'node2' : 'master1';
    event({ type: 'task-state', stepId, nodeId, status: 'done', attempt: 1, durationMs: 900 });
  }
  event({
    type: 'run-finished',
    result: { runId: 'r-remove', dryRun: false, outcome: 'succeeded', nodes: [] },
  });
  await expect(install.cell('delete-node', 'master1')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('install-outcome')).toHaveText('Remove a machine finished.');
  // The record decides who may join: node2 (removed) is offered again, node1 (still the
  // cluster's, though the removal ran nothing on it) is not.
  const join = page.getByTestId('day2-add');
  await expect(join).toContainText('node2');
  await expect(join).not.toContainText('node1');

  // node2 is no longer the cluster's: Remove is the list edit with its own confirmation.
  await shell.nav('nodes').click();
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (d) => {
      resolve(d.message());
      void d.dismiss();
    }),
  );
  await page.getByTestId('node-remove-node2').click();
  expect(await asked).toContain('node2');
  await expect(choice).toBeHidden();
  expect(sent('nodes.remove')).toEqual([{ id: 'node1' }]);
});
