import { expect, test } from '@playwright/test';
import { startServe, type Served } from './support/serve';
import { NodesPage, PlanPage } from './support/screensPage';
import { ShellPage } from './support/shellPage';

let served: Served;
test.beforeEach(async () => {
  served = await startServe();
});
test.afterEach(async () => {
  await served.stop();
});
test.use({ viewport: { width: 1440, height: 1000 } });

test('stacked HA with kube-vip: the VIP is refused as typed, then the preview shows the files', async ({
  page,
}) => {
  const shell = new ShellPage(page);
  const plan = new PlanPage(page);
  await shell.open(served.url);
  const nodes = new NodesPage(page);
  for (const [name, last] of [
    ['master1', 111],
    ['master2', 112],
    ['master3', 113],
  ] as const) {
    await nodes.addNode({ name, address: `192.168.100.${last}`, role: 'control-plane' });
  }
  await shell.nav('plan').click();
  await plan.useGuide.click();
  // Three control planes on the single topology: said, not refused (old projects keep working).
  await expect(plan.status).toHaveText('The plan is valid.');
  await expect(plan.field('warnings')).toContainText('only master1 runs the control plane');

  await plan.field('topology').selectOption('stacked-etcd');
  await expect(plan.field('lb')).toHaveValue('kube-vip');
  // Nothing typed yet: the endpoint and the VIP are required.
  await expect(plan.field('vip')).toHaveAttribute('aria-invalid', 'true');
  await plan.field('controlPlaneEndpoint').fill('10.20.0.50:6443');
  await plan.field('vip').fill('10.20.0.50');
  // Inside the service CIDR (10.20.0.0/16): refused in the page itself.
  await expect(plan.errorOf(plan.field('vip'))).toContainText('serviceCidr 10.20.0.0/16');
  await expect(plan.save).toBeDisabled();

  // A node's own address: only the back end knows the nodes, and it names the node.
  await plan.field('controlPlaneEndpoint').fill('192.168.100.112:6443');
  await plan.field('vip').fill('192.168.100.112');
  await expect(plan.errorOf(plan.field('vip'))).toContainText('address of node master2');

  await plan.field('controlPlaneEndpoint').fill('192.168.100.100:6443');
  await plan.field('vip').fill('192.168.100.100');
  await expect(plan.status).toHaveText('The plan is valid.');
  await expect(plan.field('warnings')).toHaveCount(0);
  await expect(plan.config).toContainText('controlPlaneEndpoint: 192.168.100.100:6443');
  await expect(plan.config).toContainText('certSANs:');
  await expect(plan.config).toContainText(
    'certificateKey: KUBELAB_CERTIFICATE_KEY_FILLED_ON_THE_NODE',
  );
  const files = page.getByTestId('plan-ha-file');
  await expect(files.first()).toContainText('/etc/kubernetes/manifests/kube-vip.yaml');
  await expect(files.first()).toContainText('value: 192.168.100.100');
  await expect(files.last()).toContainText('certificateKey:');
  await page.screenshot({ path: 'test-results/screenshots/plan-ha-en.png', fullPage: true });

  await plan.save.click();
  await expect(plan.save).toHaveText('Saved');
  await shell.language.selectOption('zh-CN');
  await plan.field('vip').fill('10.10.0.9');
  await expect(plan.errorOf(plan.field('vip'))).toContainText('podCidr 10.10.0.0/16 之内');
  await page.screenshot({ path: 'test-results/screenshots/plan-ha-zh.png', fullPage: true });
});
