import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../common/export/inventory';
import { guideNodes } from '../../common/plan/presets';
import { detectFormat, parseImport } from './inventoryImport';

// Kubespray's sample inventory.ini (kubernetes-sigs/kubespray inventory/sample/inventory.ini,
// commit 77b89dbb) with its example lines uncommented.
const SAMPLE_INI = `[all]
node1 ansible_host=95.54.0.12  # ip=10.3.0.1 etcd_member_name=etcd1
node2 ansible_host=95.54.0.13  # ip=10.3.0.2 etcd_member_name=etcd2
node3 ansible_host=95.54.0.14 ansible_user=ubuntu ansible_port=2222

[kube_control_plane]
node1

[etcd]
node1

[kube-node]
node2
node3

[calico-rr]

[k8s-cluster:children]
kube_control_plane
kube-node
calico-rr
`;

describe('Kubespray inventories as kubelab nodes', () => {
  it('reads the INI form: hosts from [all], control planes from [kube_control_plane]', () => {
    expect(detectFormat(SAMPLE_INI)).toBe('kubespray');
    const { drafts, problems } = parseImport('kubespray', SAMPLE_INI);
    expect(problems).toEqual([]);
    expect(drafts.map((d) => d.input)).toEqual([
      { name: 'node1', address: '95.54.0.12', role: 'control-plane' },
      { name: 'node2', address: '95.54.0.13', role: 'worker' },
      { name: 'node3', address: '95.54.0.14', role: 'worker', user: 'ubuntu', port: 2222 },
    ]);
    expect(drafts[2]?.line).toBe(4);
  });

  it('reads hosts.yaml, kubelab’s own export included (groups nested under k8s_cluster)', () => {
    const text = stringify(buildInventory(guideNodes()));
    expect(detectFormat(text)).toBe('kubespray');
    const { drafts, problems } = parseImport('kubespray', text);
    expect(problems).toEqual([]);
    expect(drafts.map((d) => d.input)).toEqual(
      guideNodes().map((n) => ({
        name: n.name,
        address: n.address,
        role: n.role,
        user: n.user,
        port: n.port,
      })),
    );
  });

  it('names a host whose ansible_port is not a number', () => {
    const { problems } = parseImport(
      'kubespray',
      '[all]\nn1 ansible_host=10.0.0.1 ansible_port=ssh\n[kube_node]\nn1\n',
    );
    expect(problems).toEqual([
      { line: 2, field: 'port', message: 'n1: ansible_port "ssh" is not a number' },
    ]);
  });
});
