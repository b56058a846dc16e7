import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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

const REPO = resolve(import.meta.dirname, '..', '..');
const RUN = 'r-diag';
const now = (): string => new Date().toISOString();

// kubeadm's preflight line as published in kubernetes/kubeadm#610 (the fixture cites it).
const FIXTURE = resolve(REPO, 'tests/fixtures/logs/swap-on-kubeadm.txt');
const LINE = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .find((l) => l.includes('[ERROR Swap]'));

interface Diagnosis {
  signatureId: string;
  evidence: { line: number; text: string };
  fix: { preview?: { id: string; commands: string[] }; params?: Record<string, string> };
}

/** What the engine would attach: the real classifier's top diagnosis of the step's output. */
function classifyOutput(output: string): Diagnosis {
  const json = execFileSync('node', [resolve(REPO, 'out/main/cli.js'), 'diagnose', '--json', '-'], {
    input: output,
    encoding: 'utf8',
  });
  const result = JSON.parse(json) as { diagnoses: Diagnosis[] };
  const top = result.diagnoses[0];
  if (!top) throw new Error('the classifier did not recognise the published line');
  return top;
}

/**
 * A failed join whose output holds a real published kubeadm line: the cell's panel shows the
 * classifier's diagnosis (title, evidence with its line number, the fix's exact commands) in
 * English and Chinese, "Apply fix" sends diagnosis.applyFix for that node, and Retry follows.
 */
test('a failed step shows its diagnosis and fix, applies the fix and offers Retry', async ({
  page,
}) => {
  expect(LINE).toBeDefined();
  const output = `[preflight] Running pre-flight checks\n${LINE ?? ''}\n`;
  const diagnosis = { ...classifyOutput(output), source: 'step output' };
  expect(diagnosis.signatureId).toBe('swap-on');

  const tap = await tapBackend(page, {
    'install.state': () => ({
      active: false,
      state: {
        runId: RUN,
        startedAt: now(),
        tasks: [
          { stepId: 'prepare-os', nodeId: 'node1', status: 'done', attempts: 1 },
          { stepId: 'join-node', nodeId: 'node2', status: 'pending', attempts: 0 },
        ],
      },
    }),
    'diagnosis.applyFix': () => ({
      fixId: 'swap-off',
      ranOn: ['node2'],
      commands: (diagnosis.fix.preview?.commands ?? []).map((command) => ({
        nodeId: 'node2',
        command,
        exitCode: 0,
        output: '',
      })),
      ok: true,
    }),
    'install.retry': () => ({ runId: RUN, dryRun: false, resumed: true }),
  });
  const shell = new ShellPage(page);
  const install = new InstallPage(page);
  await shell.open(served.url);
  await shell.nav('install').click();
  await expect(install.cell('join-node', 'node2')).toHaveAttribute('data-status', 'pending');

  tap.emit('install.event', {
    runId: RUN,
    time: now(),
    type: 'log',
    stepId: 'join-node',
    nodeId: 'node2',
    stream: 'stderr',
    chunk: output,
  });
  tap.emit('install.event', {
    runId: RUN,
    time: now(),
    type: 'task-state',
    stepId: 'join-node',
    nodeId: 'node2',
    status: 'failed',
    attempt: 1,
    durationMs: 3000,
    error: { code: 'step_exit', message: 'join-node on node2 exited 1', nodeId: 'node2' },
    diagnosis,
  });
  await expect(install.cell('join-node', 'node2')).toHaveAttribute('data-status', 'failed');
  await install.cell('join-node', 'node2').click();

  const panel = page.getByTestId('diagnosis');
  await expect(panel.getByTestId('diagnosis-title')).toHaveText('Swap is on');
  await expect(panel).toContainText("Evidence: line 2 of the step's output");
  await expect(panel.getByTestId('diagnosis-evidence')).toHaveText(
    '[ERROR Swap]: running with swap on is not supported. Please disable swap',
  );
  await expect(panel.getByTestId('diagnosis-commands')).toContainText('swapoff -a');
  await expect(panel).toContainText('Runs on this node, as root:');
  await page.screenshot({ path: 'test-results/screenshots/install-diagnosis-en.png' });

  await shell.language.selectOption('zh-CN');
  await expect(panel.getByTestId('diagnosis-title')).toHaveText('交换分区（swap）已开启');
  await expect(panel).toContainText('证据：步骤输出 第 2 行');
  await expect(panel.getByTestId('diagnosis-commands')).toContainText('swapoff -a');
  await expect(panel.getByTestId('diagnosis-apply')).toHaveText('应用修复');
  await page.screenshot({ path: 'test-results/screenshots/install-diagnosis-zh.png' });
  await shell.language.selectOption('en');

  await panel.getByTestId('diagnosis-apply').click();
  await expect
    .poll(() => tap.requests.find((r) => r.name === 'diagnosis.applyFix')?.payload)
    .toEqual({ nodeId: 'node2', fixId: 'swap-off', params: {}, confirm: true });
  await expect(panel.getByTestId('diagnosis-outcome')).toHaveText(
    'The fix ran on node2. Retry the step.',
  );
  await panel.getByTestId('diagnosis-retry').click();
  await expect
    .poll(() => tap.requests.find((r) => r.name === 'install.retry')?.payload)
    .toEqual({ stepId: 'join-node', nodeId: 'node2' });
});
