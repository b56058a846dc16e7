import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import { guideNodes } from '../../common/plan/presets';
import { FakeLab } from '../../tests/fakes/fakeRemote';
import { readClusterNodes } from './clusterNodes';

const TABLE =
  'NAME      STATUS   ROLES           AGE   VERSION\nmaster1   Ready    control-plane   5m    v1.18.2\n';

function over(lab: FakeLab, nodes: NodeSpec[]): (id: string) => ReturnType<FakeLab['remoteFor']> {
  return (id) => lab.remoteFor(nodes.find((n) => n.id === id) as NodeSpec);
}

// kubectl's own words when the API server refuses the connection: StandardErrorMessage in
// k8s.io/kubectl/pkg/cmd/util/helpers.go ("The connection to the server %s was refused - did you
// specify the right host or port?"), host:port as the kubeconfig names it.
describe('readClusterNodes', () => {
  it('asks the first control plane, as root with admin.conf, and returns kubectl’s table', async () => {
    const nodes = guideNodes();
    const lab = new FakeLab(() => ({
      rules: [{ match: /get nodes -o wide/, reply: { stdout: TABLE } }],
    }));
    const live = await readClusterNodes(nodes, over(lab, nodes));
    expect(live).toEqual({ nodeId: 'master1', nodeName: 'master1', table: TABLE });
    expect(lab.calls.map((c) => [c.nodeId, c.command])).toEqual([
      ['master1', 'kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes -o wide'],
    ]);
  });

  it('a failing kubectl is an error naming the control plane and kubectl’s last words', async () => {
    const nodes = guideNodes();
    const lab = new FakeLab(() => ({
      rules: [
        {
          match: /get nodes/,
          reply: {
            code: 1,
            stderr:
              'The connection to the server 10.0.0.1:6443 was refused - did you specify the right host or port?',
          },
        },
      ],
    }));
    await expect(readClusterNodes(nodes, over(lab, nodes))).rejects.toMatchObject({
      code: 'kubectl_failed',
      nodeId: 'master1',
      message:
        'kubectl on master1 failed: The connection to the server 10.0.0.1:6443 was refused - did you specify the right host or port?',
    });
  });

  it('no control plane: nothing to ask', async () => {
    const workers = guideNodes().filter((n) => n.role !== 'control-plane');
    expect(await readClusterNodes(workers, over(new FakeLab(), workers))).toBeUndefined();
  });
});
