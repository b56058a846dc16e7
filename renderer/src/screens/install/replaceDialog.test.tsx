import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { operationInfo } from '../../../../common/catalog/operations';
import { initI18n } from '../../i18n';
import { OperationDialog } from './OperationDialog';

// The Upgrade fields (imported by the dialog) reach the back end through the bridge; this dialog
// does not render them, and a server render has no window to build the bridge from.
vi.mock('../../bridge/kubelab', () => ({ kubelab: {} }));

const i18n = initI18n('en');
const members = [
  { id: 'master1', name: 'master1', role: 'control-plane' },
  { id: 'node1', name: 'node1', role: 'worker' },
];
const nothing = (): void => undefined;

function dialog(newcomers: { id: string; name: string; role: string }[]): string {
  return renderToStaticMarkup(
    <OperationDialog
      operation={operationInfo('replace-node')}
      members={members}
      newcomers={newcomers}
      clusterName="lab"
      kubernetesVersion="1.18.2"
      onStart={nothing}
      onClose={nothing}
    />,
  );
}

afterAll(async () => {
  await i18n.changeLanguage('en');
});

describe('the Replace a machine dialog', () => {
  it('starts on a machine with a spare of its role, says the order and what is destroyed', async () => {
    await i18n.changeLanguage('en');
    // master1 (listed first) has no spare of its role: node1 is offered.
    const html = dialog([{ id: 'node3', name: 'node3', role: 'worker' }]);
    expect(html).toContain('node1 is removed from the cluster first');
    expect(html).toContain('then node3 joins as a worker');
    expect(html).toContain('Destroyed: The old machine');
    expect(html).toContain('/etc/kubernetes');
    expect(html).toContain('data-testid="operation-unreachable"');
    const cp = dialog([{ id: 'master2', name: 'master2', role: 'control-plane' }]);
    expect(cp).toContain('master1 is removed from the cluster first');
    expect(cp).toContain('then master2 joins as a control plane');
  });

  it('without a spare of any member’s role, says to add one (in Chinese too)', async () => {
    await i18n.changeLanguage('en');
    expect(dialog([])).toContain('No spare machine with the role of master1');
    await i18n.changeLanguage('zh-CN');
    const zh = dialog([{ id: 'node3', name: 'node3', role: 'worker' }]);
    expect(zh).toContain('随后 node3 以工作节点身份加入');
    expect(zh).toContain('/etc/kubernetes');
  });
});
