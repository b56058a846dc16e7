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

const FINGERPRINT = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';

test('a new host key is shown with its fingerprint and answered; a changed key is a hard stop', async ({
  page,
}) => {
  let testCalls = 0;
  const tap = await tapBackend(page, {
    'nodes.answerHostKey': () => ({ ok: true }),
    'nodes.test': (payload) => {
      testCalls++;
      const id = (payload as { id: string }).id;
      return testCalls === 1
        ? {
            nodeId: id,
            reachable: true,
            authOk: true,
            hostKey: { state: 'accepted', algorithm: 'ssh-ed25519', fingerprint: FINGERPRINT },
            sudo: 'root',
            latencyMs: 3,
          }
        : {
            nodeId: id,
            reachable: true,
            authOk: false,
            hostKey: { state: 'changed' },
            sudo: 'not_checked',
            error: {
              code: 'host_key_changed',
              message: 'The host key of node2 changed since it was pinned.',
            },
          };
    },
  });
  const shell = new ShellPage(page);
  const nodes = new NodesPage(page);
  await shell.open(served.url);
  await nodes.addNode({ name: 'node2', address: '10.10.0.12', role: 'worker' });

  // The back end asks; the dialog shows the fingerprint and how to check it on the machine.
  tap.emit('nodes.hostKeyPrompt', {
    promptId: 'p1',
    nodeId: 'node2',
    host: '10.10.0.12',
    port: 22,
    algorithm: 'ssh-ed25519',
    fingerprint: FINGERPRINT,
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  });
  const prompt = page.getByTestId('host-key-prompt');
  await expect(prompt).toBeVisible();
  await expect(prompt.getByTestId('host-key-fingerprint')).toHaveText(FINGERPRINT);
  await expect(prompt).toContainText('ssh_host_ed25519_key.pub');
  await page.screenshot({ path: 'test-results/screenshots/nodes-hostkey-en.png' });
  await prompt.getByTestId('host-key-accept').click();
  await expect(prompt).toBeHidden();
  await expect
    .poll(() => tap.requests.find((r) => r.name === 'nodes.answerHostKey')?.payload)
    .toEqual({ promptId: 'p1', accept: true });

  await page.getByTestId('node-test-node2').click();
  await expect(page.getByTestId('test-result-node2')).toBeVisible();

  // Second test: the key changed. No accept button exists, and Esc does not dismiss it.
  await page.getByTestId('node-test-node2').click();
  const stop = page.getByTestId('host-key-changed');
  await expect(stop).toBeVisible();
  await expect(stop).toHaveAttribute('role', 'alertdialog');
  await expect(stop.getByRole('button', { name: /accept/i })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(stop).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/nodes-hostkey-changed.png' });
  await stop.getByTestId('host-key-changed-close').click();
  await expect(stop).toBeHidden();
});
