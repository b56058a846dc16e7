import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { labCli } from './support/labCli';
import { toasts } from './support/screensPage';
import { labSpec } from './support/labSpec';
import { startServe } from './support/serve';
import { ShellPage } from './support/shellPage';

/**
 * Issue 21's day two in the UI on the real practice lab (nothing of the back end scripted): the
 * guide's cluster installed with `kubelab apply` (the UI install is clickthrough.spec's and
 * operations.spec's, and the renew click-through is operations.spec's), then on the Report screen:
 * the certificates of every node read from the machines, soonest expiry first; an etcd backup
 * whose download shows a progress bar and lands in the snapshots list with the file's SHA-256; a
 * namespace created after it; a restore of that snapshot, confirmed by typing the cluster's name
 * under the consequence, after which the namespace is gone and History shows the restore's steps
 * done. Screenshots in English and Chinese. Lab instance 47, KUBELAB_DAY_TWO_E2E_LAB_INSTANCE
 * overrides it.
 */
const INSTANCE = process.env.KUBELAB_DAY_TWO_E2E_LAB_INSTANCE ?? '47';
const lab = labCli(INSTANCE);
const NAMESPACE = 'e2e-after-backup';
/**
 * Megabytes of padding written into etcd before the backup, so that its download lasts long enough
 * for the bar to be seen (the step logs progress once a second; a fresh guide cluster's snapshot is
 * about 250 KiB and downloads over the lab bridge in a few milliseconds).
 */
const PADDING_MB = 32;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/day-two-${name}.png`, fullPage: true });
}

/** The lab's kubectl on master1 with kubeadm's admin.conf (the lab's kubectl has no `create ns`). */
function kubectl(script: string): string {
  return lab(
    'exec',
    'master1',
    'bash',
    '-c',
    `kubectl --kubeconfig /etc/kubernetes/admin.conf --request-timeout=10s ${script}`,
  );
}

function namespaceExists(): boolean {
  try {
    return kubectl(`get namespace ${NAMESPACE} -o name`).includes(`namespace/${NAMESPACE}`);
  } catch {
    return false;
  }
}

test.use({ viewport: { width: 1440, height: 1000 } });

const spec = labSpec(INSTANCE, lab);

test('certificates, an etcd backup with progress and its restore, from the Report screen', async ({
  page,
}) => {
  test.setTimeout(4 * 60_000);
  const dir = spec.up('guide', 'kubelab-day-two-e2e-');
  const project = join(dir, 'kubelab.yaml');
  writeFileSync(project, lab('project'));
  const configDir = join(dir, 'config');
  const apply = spawnSync(process.execPath, ['bin/kubelab.js', 'apply', '-f', project], {
    encoding: 'utf8',
    env: { ...process.env, KUBELAB_CONFIG_DIR: configDir },
    timeout: 3 * 60_000,
  });
  expect(apply.status, `kubelab apply:\n${apply.stdout}\n${apply.stderr}`).toBe(0);
  const served = spec.serving(await startServe(configDir, ['--project', project]));
  const shell = new ShellPage(page);
  await shell.open(served.url);
  await shell.nav('report').click();

  // Certificates: read on every node, one list ordered by expiry (the timeline, soonest first).
  const certs = page.getByTestId('certs-panel');
  await certs.getByTestId('certs-check').click();
  const summary = certs.getByTestId('certs-summary');
  await expect(summary).toContainText('0 expired', { timeout: 60_000 });
  const rows = certs.getByTestId('cert-row');
  const table = await rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
  );
  // Node, name, reported by, expires, time left, status.
  expect(table.map((r) => r[3])).toEqual(table.map((r) => r[3]).sort());
  // kubeadm's own rows on master1 (its certificates and the ten-year CAs) …
  expect(table).toContainEqual([
    'master1',
    'apiserver',
    'kubeadm',
    expect.any(String),
    expect.any(String),
    'OK',
  ]);
  expect(table.filter((r) => r[1]?.endsWith('(CA)') && r[2] === 'kubeadm').length).toBeGreaterThan(
    0,
  );
  // … and the kubelet's client certificate on every node, which kubeadm does not show.
  for (const node of ['master1', 'node1', 'node2']) {
    expect(table.some((r) => r[0] === node && r[2] === 'kubelet client')).toBe(true);
  }
  await expect(summary).toHaveText(
    `${table.length} certificates: 0 expired, 0 expiring within 30 days, 0 missing.`,
  );
  await shot(page, 'certificates-en');
  await shell.language.selectOption('zh-CN');
  await expect(summary).toHaveText(
    `共 ${table.length} 个证书：0 个已过期，0 个将在 30 天内过期，0 个缺失。`,
  );
  await expect(rows.first()).toContainText('正常');
  await shot(page, 'certificates-zh');
  await shell.language.selectOption('en');

  // Backup: every progress bar the panel draws is recorded as it appears.
  const backups = page.getByTestId('backups');
  await expect(backups).toContainText('No snapshots yet.');
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { kubelabSeenBars: seen });
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('[data-testid="backups"] [role="progressbar"]')) {
        seen.push(`${bar.getAttribute('aria-valuenow') ?? '-'}|${bar.getAttribute('aria-label')}`);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  // Values of 1 MB each (etcd's default request limit is 1.5 MiB) under a key no API server reads,
  // written with kubeadm's etcd client certificate; etcdctl put takes a value from stdin.
  lab(
    'exec',
    'master1',
    'bash',
    '-c',
    `pki=/etc/kubernetes/pki/etcd; head -c 1000000 /dev/urandom > /tmp/pad
    for i in $(seq ${PADDING_MB}); do
      ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=$pki/ca.crt \\
        --cert=$pki/healthcheck-client.crt --key=$pki/healthcheck-client.key \\
        put /kubelab-e2e/padding-$i < /tmp/pad >/dev/null
    done; rm /tmp/pad`,
  );
  await backups.getByTestId('backup-start').click();
  const downloading = backups.locator('[role="progressbar"][aria-valuenow]');
  await expect(downloading).toHaveAttribute('aria-label', /^Downloading the snapshot: /, {
    timeout: 30_000,
  });
  await shot(page, 'backup-progress-en');
  await expect(toasts(page)).toContainText('Snapshot saved to ', { timeout: 60_000 });
  const seen = await page.evaluate(
    () => (window as unknown as { kubelabSeenBars: string[] }).kubelabSeenBars,
  );
  expect(seen.some((s) => s.startsWith('-|Taking the snapshot'))).toBe(true);
  expect(seen.some((s) => /^\d+\|Downloading the snapshot: .+ of .+$/.test(s))).toBe(true);
  await expect(backups.locator('[role="progressbar"]')).toHaveCount(0);

  // The snapshot in the list: its SHA-256 is the downloaded file's.
  const row = backups.getByTestId('backup-row');
  await expect(row).toHaveCount(1);
  const file = (await row.getAttribute('data-file')) ?? '';
  const folder = join(dir, 'kubelab.snapshots');
  expect(readdirSync(folder)).toContain(file);
  const sha256 = createHash('sha256')
    .update(readFileSync(join(folder, file)))
    .digest('hex');
  await expect(row.getByTestId('backup-sha256')).toHaveAttribute('title', sha256);
  await expect(row.getByTestId('backup-sha256')).toHaveText(`${sha256.slice(0, 12)}…`);
  await expect(row).toContainText('1.18.2');
  await expect(row).toContainText('master1');
  // The bar counted up to the listed size (the download's last progress line is always sent).
  const size = (await row.locator('td').nth(2).textContent()) ?? '';
  expect(seen).toContainEqual(`100|Downloading the snapshot: ${size} of ${size}`);
  await shot(page, 'backup-listed-en');

  // Something the snapshot does not have.
  kubectl(
    `apply -f - <<'EOF'\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${NAMESPACE}\nEOF`,
  );
  expect(namespaceExists()).toBe(true);

  // Restore, in Chinese: the dialog names the consequence and opens only for the cluster's name.
  await shell.language.selectOption('zh-CN');
  await row.getByTestId('backup-restore').click();
  const confirm = page.getByTestId('confirm-typing');
  await expect(confirm).toContainText(`恢复 ${file}？`);
  await expect(confirm).toContainText('kubernetes 所有控制平面上的 API 服务器和 etcd 都会停止');
  await expect(confirm).toContainText('将丢失：快照之后集群发生的所有变更');
  const ok = confirm.getByTestId('confirm-typing-ok');
  await expect(ok).toBeDisabled();
  await confirm.getByTestId('confirm-typing-input').fill('kubernete');
  await expect(ok).toBeDisabled();
  await shot(page, 'restore-confirm-zh');
  await shell.language.selectOption('en');
  await expect(confirm).toContainText(`Restore ${file}?`);
  await expect(confirm).toContainText(
    'The API server and etcd stop on every control plane of kubernetes',
  );
  await expect(confirm).toContainText(
    'Lost: everything the cluster changed since the snapshot was taken',
  );
  await confirm.getByTestId('confirm-typing-input').fill('kubernetes');
  await shot(page, 'restore-confirm-en');
  await ok.click();
  await expect(confirm).toBeHidden();
  await expect(toasts(page)).toContainText(`Restored ${file}.`, { timeout: 90_000 });
  await expect(toasts(page)).toContainText('/var/lib/etcd.kubelab-before-');
  // The cluster is back at the snapshot: the namespace made after it is gone.
  await expect.poll(namespaceExists, { timeout: 30_000 }).toBe(false);

  // History: the restore is the newest run, its steps done.
  await shell.nav('history').click();
  const newest = page.getByTestId('history-runs').locator('tbody tr').first();
  await expect(newest).toContainText('Succeeded');
  await newest.getByRole('button').click();
  for (const step of ['etcd-upload', 'etcd-restore', 'etcd-healthy']) {
    await expect(
      page.getByTestId(`history-cell-master1-${step}`).locator('.history-status'),
    ).toHaveClass(/\bdone\b/);
  }
  await shot(page, 'restore-history-en');
  await shell.language.selectOption('zh-CN');
  await expect(newest).toContainText('成功');
  await shot(page, 'restore-history-zh');
});
