import { expect, test } from '@playwright/test';
import { startServe, type Served } from './support/serve';
import { NodesPage } from './support/screensPage';
import { ShellPage } from './support/shellPage';
import { tapBackend } from './support/wsTap';

let served: Served;
test.beforeEach(async () => {
  served = await startServe();
});
test.afterEach(async () => {
  await served.stop();
});

test('the facts panel shows what the machine reported, and a failure as a sentence', async ({
  page,
}) => {
  let calls = 0;
  await tapBackend(page, {
    'nodes.facts': () => {
      calls++;
      if (calls > 1) {
        return {
          results: [
            {
              nodeId: 'node1',
              error: {
                code: 'unreachable',
                message: 'node1 (10.10.0.12:22) did not answer within 10 s.',
              },
            },
          ],
        };
      }
      return {
        results: [
          {
            nodeId: 'node1',
            facts: {
              nodeId: 'node1',
              collectedAt: new Date().toISOString(),
              os: {
                id: 'ubuntu',
                idLike: ['debian'],
                version: '20.04',
                prettyName: 'Ubuntu 20.04.6 LTS',
              },
              kernel: '5.4.0-172-generic',
              arch: 'x86_64',
              cpus: 2,
              memoryBytes: 4 * 1024 ** 3,
              disks: [],
              filesystems: [],
              hostname: 'node1',
              interfaces: [
                {
                  name: 'eth0',
                  state: 'UP',
                  addresses: [{ family: 'inet', address: '10.10.0.12', prefix: 24 }],
                },
              ],
              swap: {
                active: [{ name: '/swap.img', type: 'file', sizeKb: 2097148 }],
                fstab: ['/swap.img'],
              },
              selinux: 'absent',
              firewall: { firewalld: 'absent', ufw: 'inactive' },
              cgroup: 'v1',
              binaries: [{ name: 'docker', path: '/usr/bin/docker', version: '19.03.11' }],
              clockOffsetMs: 12,
              sudo: { mode: 'root' },
            },
          },
        ],
      };
    },
  });
  const shell = new ShellPage(page);
  const nodes = new NodesPage(page);
  await shell.open(served.url);
  await nodes.addNode({ name: 'node1', address: '10.10.0.12', role: 'worker' });
  await nodes.row('node1').getByRole('button', { name: 'Facts' }).click();
  const panel = page.getByTestId('facts-panel');
  await expect(panel).toContainText('Ubuntu 20.04.6 LTS');
  await expect(panel).toContainText('eth0 10.10.0.12/24');
  await expect(panel).toContainText('/swap.img');
  await expect(panel).toContainText('docker 19.03.11');
  await page.screenshot({ path: 'test-results/screenshots/nodes-facts-en.png' });
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await expect(panel.getByRole('alert')).toHaveText(
    'node1 (10.10.0.12:22) did not answer within 10 s.',
  );
});
