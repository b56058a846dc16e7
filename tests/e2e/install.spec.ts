import { expect, test } from '@playwright/test';
import { startServe, type Served } from './support/serve';
import { InstallPage, toasts } from './support/screensPage';
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

const RUN = 'r-e2e';
const SESSION = 't0123456789abcdef';
const STEPS = ['prepare-os', 'container-runtime', 'kube-packages', 'kubeadm-init', 'join-node'];
const NODES = ['node1', 'node2', 'node3'];
const now = (): string => new Date().toISOString();

function initialTasks(): object[] {
  return STEPS.flatMap((stepId) =>
    NODES.filter((n) =>
      stepId === 'kubeadm-init' ? n === 'node1' : stepId === 'join-node' ? n !== 'node1' : true,
    ).map((nodeId) => ({ stepId, nodeId, status: 'pending', attempts: 0 })),
  );
}

/**
 * The Install screen against a scripted engine (the contract's events, through the real bridge):
 * the checklist and topology follow task-state events, a failed cell shows its log and error,
 * Retry asks the engine for exactly that task, and "Open terminal here" opens the node with the
 * first diagnostic typed and not run.
 */
test('a failed step shows its cell, its log, Retry, and a terminal with diagnostics typed', async ({
  page,
}) => {
  const tap = await tapBackend(page, {
    'install.state': () => ({
      active: true,
      state: { runId: RUN, startedAt: now(), tasks: initialTasks() },
    }),
    'install.retry': () => ({ runId: RUN, dryRun: false, resumed: true }),
    'terminal.open': () => ({ sessionId: SESSION, title: 'node2' }),
    'terminal.write': () => ({}),
    'terminal.resize': () => ({}),
    'terminal.ack': () => ({}),
  });
  const shell = new ShellPage(page);
  const install = new InstallPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();
  await expect(install.cell('prepare-os', 'node1')).toHaveAttribute('data-status', 'pending');

  const task = (stepId: string, nodeId: string, status: string, extra: object = {}): void =>
    tap.emit('install.event', {
      runId: RUN,
      time: now(),
      type: 'task-state',
      stepId,
      nodeId,
      status,
      attempt: 1,
      ...extra,
    });
  for (const n of NODES) task('prepare-os', n, 'done', { durationMs: 4200 });
  task('container-runtime', 'node1', 'done', { durationMs: 61_000 });
  task('container-runtime', 'node3', 'done', { durationMs: 58_000 });
  task('kube-packages', 'node1', 'running');
  task('container-runtime', 'node2', 'failed', {
    durationMs: 9000,
    error: {
      code: 'step_failed',
      message: 'container-runtime failed on node2: apt-get exited 100.',
      nodeId: 'node2',
    },
  });
  tap.emit('install.event', {
    runId: RUN,
    time: now(),
    type: 'log',
    stepId: 'container-runtime',
    nodeId: 'node2',
    stream: 'stderr',
    chunk: '+ apt-get install -y containerd.io\nE: Unable to locate package containerd.io\n',
  });

  await expect(install.cell('container-runtime', 'node2')).toHaveAttribute('data-status', 'failed');
  await expect(install.cell('kube-packages', 'node1')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('topology-node-node2')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('topology-node-node1')).toHaveAttribute('data-state', 'installing');
  await expect(page.getByTestId('topology-node-node1')).toContainText('Control plane');

  await install.cell('container-runtime', 'node2').click();
  const detail = page.getByTestId('cell-detail');
  await expect(detail.getByTestId('log-viewer')).toContainText(
    'E: Unable to locate package containerd.io',
  );
  await expect(detail.getByRole('alert')).toContainText('apt-get exited 100');
  await page.screenshot({ path: 'test-results/screenshots/install-live-en.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await shell.language.selectOption('zh-CN');
  await expect(detail.getByTestId('cell-open-terminal')).toHaveText('在此打开终端');
  await page.screenshot({
    path: 'test-results/screenshots/install-live-zh-dark.png',
    fullPage: true,
  });
  await shell.language.selectOption('en');
  await page.emulateMedia({ colorScheme: 'light' });

  // Retry is disabled while the run is active; the engine's run-finished enables it.
  tap.emit('install.event', {
    runId: RUN,
    time: now(),
    type: 'run-finished',
    result: {
      runId: RUN,
      dryRun: false,
      outcome: 'failed',
      nodes: [],
      error: { code: 'run_failed', message: 'failed on 1 node: node2: apt-get exited 100.' },
    },
  });
  await expect(page.getByTestId('install-outcome')).toHaveText(
    'The install stopped with failures.',
  );
  // A summary names the failed machine and step; the engine's full text is one click away.
  const failure = page.getByTestId('run-failure');
  await expect(failure).toContainText('The install failed on 1 of 3 machines');
  await expect(page.getByTestId('run-failure-full')).toBeHidden();
  await install.cell('prepare-os', 'node1').click();
  await expect(detail).toContainText('node1');
  await failure.getByTestId('run-failure-container-runtime-node2').click();
  await expect(detail.getByRole('alert')).toContainText('apt-get exited 100');
  await failure.getByText('Full error').click();
  await expect(page.getByTestId('run-failure-full')).toHaveText(
    'failed on 1 node: node2: apt-get exited 100.',
  );
  await page.screenshot({ path: 'test-results/screenshots/install-failed-en.png', fullPage: true });
  await page.getByTestId('cell-retry').click();
  await expect
    .poll(() => tap.requests.find((r) => r.name === 'install.retry')?.payload)
    .toEqual({ stepId: 'container-runtime', nodeId: 'node2' });

  await page.getByTestId('cell-open-terminal').click();
  await expect(shell.area('terminals')).toBeVisible();
  tap.emit('terminal.data', { sessionId: SESSION, data: 'root@node2:~# ' });
  await expect
    .poll(() =>
      tap.requests
        .filter((r) => r.name === 'terminal.write')
        .map((r) => (r.payload as { data: string }).data),
    )
    .toEqual(['systemctl status containerd docker --no-pager']);
  // Typed, not run: no Enter was sent.
  tap.emit('terminal.data', {
    sessionId: SESSION,
    data: 'systemctl status containerd docker --no-pager',
  });
  await expect(page.locator('.xterm-rows')).toContainText(
    'root@node2:~# systemctl status containerd',
  );
  await page.screenshot({ path: 'test-results/screenshots/terminals-en.png' });
});

test('preflight before an install lists what blocks and draws the pairwise probes on the topology', async ({
  page,
}) => {
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
  await tapBackend(page, {
    'nodes.list': () => ({
      nodes: [
        node('master1', 'control-plane', 11),
        node('node1', 'worker', 12),
        node('node2', 'worker', 13),
      ],
    }),
    'install.state': () => ({ active: false, state: null }),
    'preflight.run': () => ({
      checkedAt: now(),
      durationMs: 900,
      report: {
        ok: false,
        counts: { block: 1, warn: 0, pass: 10, unknown: 0 },
        results: [
          {
            checkId: 'network-ports',
            nodeIds: ['node1', 'node2'],
            status: 'fail',
            severity: 'block',
            message: {
              en: 'node2 cannot reach node1 on 10250/tcp.',
              zh: 'node2 无法访问 node1 的 10250/tcp。',
            },
            evidence: 'connection refused',
          },
        ],
      },
      matrices: [
        {
          phase: 'before-install',
          probe: '10250/tcp',
          cells: [
            { from: 'node2', to: 'node1', ok: false, detail: 'connection refused' },
            { from: 'master1', to: 'node1', ok: true },
          ],
        },
      ],
    }),
  });
  const shell = new ShellPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();
  await expect(page.getByTestId('topology-node-node1')).toContainText('10.10.0.12');
  await page.getByTestId('run-preflight').click();
  await expect(page.getByTestId('checks-panel')).toContainText(
    'node2 cannot reach node1 on 10250/tcp.',
  );
  await expect(page.locator('.react-flow__edge.check-failed')).toHaveCount(1);
  await expect(page.locator('.react-flow__edge.check-ok')).toHaveCount(1);
  await expect(page.locator('.react-flow__edge-textwrapper', { hasText: '10250/tcp' })).toHaveCount(
    1,
  );
  await page.screenshot({ path: 'test-results/screenshots/install-preflight-en.png' });
});

test('a machine added after a finished install is offered to join the cluster', async ({
  page,
}) => {
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
  let joined = false;
  const tap = await tapBackend(page, {
    'nodes.list': () => ({
      nodes: [spec('master1', 'control-plane'), spec('node1', 'worker'), spec('node3', 'worker')],
    }),
    // The record: the install's; once node3 joined, the join's run with every machine kept.
    'install.state': () => ({
      active: false,
      state: {
        runId: joined ? 'r-2' : RUN,
        ...(joined ? { kind: 'add-node' } : {}),
        startedAt: now(),
        finishedAt: now(),
        outcome: 'succeeded',
        tasks: [
          done('prepare-os', 'master1'),
          done('prepare-os', 'node1'),
          done('join-node', 'node1'),
          ...(joined ? [done('prepare-os', 'node3'), done('add-node', 'node3')] : []),
        ],
      },
    }),
    'run.start': () => ({ runId: 'r-2', dryRun: false, resumed: false }),
  });
  const shell = new ShellPage(page);
  const install = new InstallPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();
  const banner = page.getByTestId('day2-add');
  await expect(banner).toContainText('node3');
  await banner.getByTestId('day2-add-button').click();
  await expect
    .poll(() => tap.requests.find((r) => r.name === 'run.start')?.payload)
    .toEqual({ operation: 'add-node', params: { nodeIds: ['node3'] } });

  // The join runs on the control plane and node3 only; once it finished, the record (which kept
  // node1) is on screen again and nobody else is offered to join.
  const event = (e: object): void => tap.emit('install.event', { runId: 'r-2', time: now(), ...e });
  event({
    type: 'run-started',
    operation: 'add-node',
    dryRun: false,
    resumed: false,
    tasks: [done('prepare-os', 'master1'), { ...done('add-node', 'node3'), status: 'pending' }],
  });
  await expect(banner).toBeHidden();
  event({
    type: 'task-state',
    stepId: 'add-node',
    nodeId: 'node3',
    status: 'running',
    attempt: 1,
  });
  joined = true;
  event({ type: 'task-state', stepId: 'add-node', nodeId: 'node3', status: 'done', attempt: 1 });
  event({
    type: 'run-finished',
    result: { runId: 'r-2', dryRun: false, outcome: 'succeeded', nodes: [] },
  });
  await expect(install.cell('join-node', 'node1')).toHaveAttribute('data-status', 'ok');
  await expect(install.cell('add-node', 'node3')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('install-outcome')).toBeVisible();
  await expect(banner).toBeHidden();
});

/**
 * Retry on a failed reset cell retries that reset (install.retry with the reset's task, which
 * the back end runs on the last reset's own state), and its run shows on the same cell.
 */
test('Retry on a failed reset cell retries the reset', async ({ page }) => {
  const done = (stepId: string, nodeId: string): object => ({
    stepId,
    nodeId,
    status: 'done',
    attempts: 1,
  });
  const tap = await tapBackend(page, {
    'install.state': () => ({
      active: false,
      state: {
        runId: RUN,
        startedAt: now(),
        finishedAt: now(),
        outcome: 'succeeded',
        tasks: [done('prepare-os', 'node1'), done('join-node', 'node2')],
      },
    }),
    'install.retry': () => ({ runId: 'r-reset', dryRun: false, resumed: true }),
  });
  const shell = new ShellPage(page);
  const install = new InstallPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();
  await expect(install.cell('join-node', 'node2')).toHaveAttribute('data-status', 'ok');

  const event = (e: object): void =>
    tap.emit('install.event', { runId: 'r-reset', time: now(), ...e });
  const reset = (status: string, extra: object = {}): void =>
    event({
      type: 'task-state',
      stepId: 'reset-node',
      nodeId: 'node2',
      status,
      attempt: 1,
      ...extra,
    });
  event({
    type: 'run-started',
    operation: 'reset-node',
    dryRun: false,
    resumed: false,
    tasks: [{ stepId: 'reset-node', nodeId: 'node2', status: 'pending', attempts: 0 }],
  });
  reset('running');
  reset('failed', {
    durationMs: 3000,
    error: { code: 'step_failed', message: 'reset-node on node2 exited 1', nodeId: 'node2' },
  });
  event({
    type: 'run-finished',
    result: { runId: 'r-reset', dryRun: false, outcome: 'failed', nodes: [] },
  });
  const cell = install.cell('reset-node', 'node2');
  await expect(cell).toHaveAttribute('data-status', 'failed');
  await cell.click();
  await page.getByTestId('cell-retry').click();
  await expect
    .poll(() => tap.requests.filter((r) => r.name === 'install.retry').map((r) => r.payload))
    .toEqual([{ stepId: 'reset-node', nodeId: 'node2' }]);

  event({
    type: 'run-started',
    operation: 'reset-node',
    dryRun: false,
    resumed: true,
    tasks: [{ stepId: 'reset-node', nodeId: 'node2', status: 'pending', attempts: 1 }],
  });
  reset('running', { attempt: 2 });
  await expect(cell).toHaveAttribute('data-status', 'running');
  reset('done', { attempt: 2, durationMs: 8000 });
  event({
    type: 'run-finished',
    result: { runId: 'r-reset', dryRun: false, outcome: 'succeeded', nodes: [] },
  });
  await expect(toasts(page).getByText('The reset finished.')).toBeVisible();
});

/**
 * Day 2 resets: the operations menu's resets open the confirm-by-typing dialog, which sends nothing until
 * the cluster name is typed; run.start gets exactly reset-node, the node and the typed name, the reset's
 * cell runs on the checklist from install.event, and once it finished the recorded install
 * (without node2) is shown again, with node2 offered to join.
 */
test('a reset is sent only once the cluster name is typed, and shows on the checklist', async ({
  page,
}) => {
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
  let reset = false;
  const tap = await tapBackend(page, {
    'nodes.list': () => ({
      nodes: [spec('master1', 'control-plane'), spec('node1', 'worker'), spec('node2', 'worker')],
    }),
    'install.state': () => ({
      active: false,
      state: {
        runId: RUN,
        startedAt: now(),
        finishedAt: now(),
        outcome: 'succeeded',
        tasks: [
          done('prepare-os', 'master1'),
          done('prepare-os', 'node1'),
          done('join-node', 'node1'),
          ...(reset ? [] : [done('prepare-os', 'node2'), done('join-node', 'node2')]),
        ],
      },
    }),
    'run.start': () => ({ runId: 'r-reset', dryRun: false, resumed: false }),
  });
  const shell = new ShellPage(page);
  const install = new InstallPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();
  await expect(install.cell('join-node', 'node2')).toHaveAttribute('data-status', 'ok');
  const resets = (): unknown[] =>
    tap.requests.filter((r) => r.name === 'run.start').map((r) => r.payload);

  // The whole cluster: the dialog names it, and stays shut until its name is typed.
  const dialog = page.getByTestId('confirm-typing');
  const input = page.getByTestId('confirm-typing-input');
  const ok = page.getByTestId('confirm-typing-ok');
  const menu = page.getByTestId('operations-menu');
  await menu.click();
  await page.getByTestId('operation-reset-cluster').click();
  await expect(dialog).toContainText('Reset the cluster kubernetes?');
  await expect(dialog).toContainText('Type kubernetes to confirm');
  await expect(ok).toBeDisabled();
  await input.fill('kubernete');
  await expect(ok).toBeDisabled();
  await input.fill('Kubernetes');
  await expect(ok).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // One node: picked on the topology (else the menu says to pick one), confirmed by the name.
  await menu.click();
  await page.getByTestId('operation-reset-node').click();
  await expect(
    toasts(page).getByText('Select a machine of the cluster on the topology'),
  ).toBeVisible();
  await expect(dialog).toBeHidden();
  await page.getByTestId('topology-node-node2').click();
  await menu.click();
  await page.getByTestId('operation-reset-node').click();
  await expect(dialog).toContainText('Reset node2?');
  await expect(input).toHaveValue('');
  await expect(ok).toBeDisabled();
  await input.fill('node2');
  await expect(ok).toBeDisabled();
  expect(resets()).toEqual([]);
  await input.fill('kubernetes');
  await expect(ok).toBeEnabled();
  await page.screenshot({ path: 'test-results/screenshots/install-reset-node-en.png' });
  await ok.click();
  await expect(dialog).toBeHidden();
  await expect
    .poll(resets)
    .toEqual([{ operation: 'reset-node', params: { nodeId: 'node2' }, confirm: 'kubernetes' }]);

  // The engine's reset run, on the same event stream as the install.
  const event = (e: object): void =>
    tap.emit('install.event', { runId: 'r-reset', time: now(), ...e });
  event({
    type: 'run-started',
    operation: 'reset-node',
    dryRun: false,
    resumed: false,
    tasks: [{ stepId: 'reset-node', nodeId: 'node2', status: 'pending', attempts: 0 }],
  });
  event({
    type: 'task-state',
    stepId: 'reset-node',
    nodeId: 'node2',
    status: 'running',
    attempt: 1,
  });
  await expect(install.cell('reset-node', 'node2')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('install-cancel')).toBeVisible();
  await expect(menu).toBeDisabled();
  reset = true;
  event({
    type: 'task-state',
    stepId: 'reset-node',
    nodeId: 'node2',
    status: 'done',
    attempt: 1,
    durationMs: 8000,
  });
  event({
    type: 'run-finished',
    result: { runId: 'r-reset', dryRun: false, outcome: 'succeeded', nodes: [] },
  });
  await expect(toasts(page).getByText('The reset finished.')).toBeVisible();
  // The recorded install again, without node2, which is offered to join.
  await expect(install.cell('join-node', 'node1')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('day2-add')).toContainText('node2');
});
