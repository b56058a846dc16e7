import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { ShellPage } from './support/shellPage';
import { startServe, type Served } from './support/serve';

// A kubeadm bootstrap token as `kubeadm token create` prints it ([a-z0-9]{6}.[a-z0-9]{16}),
// planted in a kept log to prove the support bundle leaves it out.
const TOKEN = 'qwerty.0123456789qwerty';
const RESET = 'r20261207-061000-aaaaaa';
const BACKUP = 'r20261207-062000-bbbbbb';

let served: Served;
let workDir: string;

test.beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'kubelab-history-e2e-'));
  const configDir = join(workDir, 'config');
  const project = join(workDir, 'kubelab.yaml');
  execFileSync(process.execPath, ['bin/kubelab.js', 'init', '--from-guide', '-o', project], {
    env: { ...process.env, KUBELAB_CONFIG_DIR: configDir },
  });
  // Two runs recorded beside the project, as the run service writes them, and who started them.
  const runs = `${project}.runs`;
  mkdirSync(runs, { recursive: true });
  const record = (runId: string, body: object): void =>
    writeFileSync(join(runs, `${runId}.json`), JSON.stringify({ runId, ...body }));
  record(RESET, {
    kind: 'reset-node',
    params: { nodeId: 'node1' },
    startedAt: '2026-12-07T06:10:00.000Z',
    finishedAt: '2026-12-07T06:11:00.000Z',
    outcome: 'failed',
    tasks: [
      {
        stepId: 'reset-node',
        nodeId: 'node1',
        status: 'failed',
        attempts: 1,
        error: { code: 'step_failed', message: 'kubeadm reset exited 1' },
      },
    ],
  });
  record(BACKUP, {
    kind: 'backup-etcd',
    startedAt: '2026-12-07T06:20:00.000Z',
    finishedAt: '2026-12-07T06:20:04.000Z',
    outcome: 'succeeded',
    tasks: [{ stepId: 'etcd-snapshot', nodeId: 'master1', status: 'done', attempts: 1 }],
  });
  writeFileSync(join(runs, `${RESET}.origin`), 'cli\n');
  writeFileSync(join(runs, `${BACKUP}.origin`), 'ui\n');
  const log = join(configDir, 'runs', RESET, 'node1');
  mkdirSync(log, { recursive: true });
  writeFileSync(
    join(log, 'reset-node.log'),
    `[reset] Reading configuration\njoin token ${TOKEN}\n`,
  );
  served = await startServe(configDir, ['--project', project]);
});

test.afterAll(async () => {
  await served.stop();
});

test('History lists every run with who started it, each step’s log, and the support bundle', async ({
  page,
}) => {
  const shell = new ShellPage(page);
  await shell.open(served.url);
  for (const lang of ['en', 'zh-CN'] as const) {
    await shell.language.selectOption(lang);
    const en = lang === 'en';
    // English by keyboard (Alt+6, then Enter and Tab from the run's button), Chinese by mouse.
    if (en) await page.keyboard.press('Alt+6');
    else await shell.nav('history').click();
    await expect(shell.area('history')).toBeVisible();
    await expect(
      page.getByRole('heading', { name: en ? 'Run history' : '运行历史' }),
    ).toBeVisible();
    const rows = page.getByTestId('history-runs').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    // Newest first: the backup (from the app), then the failed reset (from the CLI).
    await expect(rows.nth(0)).toContainText(en ? 'kubelab app' : 'kubelab 应用');
    await expect(rows.nth(1)).toContainText(en ? 'kubelab CLI' : 'kubelab 命令行');
    await expect(rows.nth(1)).toContainText(en ? 'Failed' : '失败');
    await expect(rows.nth(1)).toContainText(en ? '1 failed' : '1 个失败');
    const detail = page.getByTestId('history-detail');
    const logButton = page.getByTestId('history-log-node1-reset-node');
    if (en) {
      await rows.nth(1).getByRole('button').focus();
      await page.keyboard.press('Enter');
      await expect(detail).toBeVisible();
      // The run's steps come right after the list in the tab order.
      await page.keyboard.press('Tab');
      await expect(logButton).toBeFocused();
      await page.keyboard.press('Enter');
    } else {
      // Still open from the English pass: the screen keeps its selection across a language switch.
      await expect(logButton).toHaveAttribute('aria-expanded', 'true');
    }
    await expect(detail).toContainText('kubeadm reset exited 1');
    // The kept log; a token planted raw in it (as an old kubelab may have kept it) is redacted.
    await expect(page.getByTestId('history-log')).toContainText('[reset] Reading configuration');
    await expect(page.getByTestId('history-log')).toContainText('join token <redacted>');
    await page.screenshot({ path: `test-results/screenshots/history-${lang}.png` });
  }

  const download = page.waitForEvent('download');
  await page.getByTestId('support-bundle').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^[A-Za-z0-9._-]+-support-\d{8}-\d{6}\.tar\.gz$/);
  const path = await file.path();
  const listed = execFileSync('tar', ['-tzf', path], { encoding: 'utf8' });
  expect(listed).toMatch(/^manifest\.json\n/);
  expect(listed).toContain(`logs/${RESET}/node1/reset-node.log`);
  expect(listed).toContain(`runs/${BACKUP}.json`);
  expect(gunzipSync(readFileSync(path)).toString('utf8')).not.toContain(TOKEN);
  await expect(
    page.getByText(`已下载 ${file.suggestedFilename()}`, { exact: false }),
  ).toBeVisible();
});
